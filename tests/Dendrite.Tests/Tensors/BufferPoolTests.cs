using Dendrite.Tensors;

namespace Dendrite.Tests.Tensors;

/// <summary>The <see cref="BufferPool"/>'s contract: reuse by exact length, zeros when asked, poison on return, no double return.</summary>
public sealed class BufferPoolTests
{
    // An odd length no other test's buffers have, so the shared pool hands this test its own arrays back.
    private const int Length = BufferPool.MinLength + 4099;

    [Fact]
    public void AReturnedArrayIsRentedAgainAndClearedWhenAsked()
    {
        float[] first = BufferPool.Rent<float>(Length, clear: true);
        Assert.Equal(Length, first.Length);
        Assert.All(first, v => Assert.Equal(0f, v));
        first.AsSpan().Fill(3f);
        BufferPool.Return(first);
        float[] second = BufferPool.Rent<float>(Length, clear: true);
        Assert.Same(first, second);
        Assert.All(second, v => Assert.Equal(0f, v));
        BufferPool.Return(second);
    }

    [Fact]
    public void AnArrayReturnedUnderPoisonHoldsNaNUntilItsNextRenterWritesIt()
    {
        double[] array = BufferPool.Rent<double>(Length, clear: true);
        BufferPool.PoisonReturned = true;
        try
        {
            BufferPool.Return(array);
        }
        finally
        {
            BufferPool.PoisonReturned = false;
        }
        // A renter that does not ask for zeros sees the poison: it must write before it reads.
        double[] again = BufferPool.Rent<double>(Length, clear: false);
        Assert.Same(array, again);
        Assert.All(again, v => Assert.True(double.IsNaN(v)));
        BufferPool.Return(again);
    }

    [Fact]
    public void ReturningAnArrayTwiceThrows()
    {
        float[] array = BufferPool.Rent<float>(Length + 1, clear: false);
        BufferPool.Return(array);
        var error = Assert.Throws<InvalidOperationException>(() => BufferPool.Return(array));
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
        Assert.Same(array, BufferPool.Rent<float>(Length + 1, clear: false));
    }

    [Fact]
    public void SmallArraysAreFreshAndNotKept()
    {
        float[] small = BufferPool.Rent<float>(100, clear: false);
        BufferPool.Return(small);
        Assert.NotSame(small, BufferPool.Rent<float>(100, clear: false));
    }
}
