using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Tests.Tensors;

public class TensorTests
{
    [Fact]
    public void ViewsShareValues()
    {
        var x = Tensor.FromArray([0, 1, 2, 3, 4, 5], 3, 2);
        Tensor row = x[1];
        Tensor slice = x.Slice(1, 2);
        Tensor reshaped = x.Reshape(2, -1);
        Assert.Equal([2f, 3f], row.ToArray());
        Assert.Equal(new TensorShape(2, 2), slice.Shape);
        Assert.Equal(new TensorShape(2, 3), reshaped.Shape);
        row.Span[0] = 42f;
        Assert.Equal(42f, x[1, 0]);
        Assert.Equal(42f, slice[0, 0]);
        Assert.Equal(42f, reshaped[0, 2]);
    }

    [Fact]
    public void ViewGradientsLandInTheRootGradient()
    {
        var x = Tensor.FromArray([1, 2, 3, 4], 2, 2);
        x.RequiresGrad = true;
        using var tape = new Tape();
        Tensor loss = Ops.Sum(Ops.Multiply(x[1], x[1]));
        tape.Backward(loss);
        Assert.Equal([0f, 0f, 6f, 8f], x.Grad!.ToArray());
    }

    [Fact]
    public void ReshapeToAnotherElementCountNamesBothShapes()
    {
        var x = new Tensor(2, 3);
        var error = Assert.Throws<ArgumentException>(() => x.Reshape(4, 2));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[4, 2]", error.Message);
    }

    [Fact]
    public void OutOfRangeIndexAndSliceThrow()
    {
        var x = new Tensor(2, 3);
        Assert.Throws<IndexOutOfRangeException>(() => x[2, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Slice(1, 2));
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2, 3], 2, 2));
    }

    [Fact]
    public void ScalarsAndEmptyShapes()
    {
        Assert.Equal(1, Tensor.Scalar(3f).Length);
        Assert.Equal(3f, Tensor.Scalar(3f).ToScalar());
        Assert.Equal(0, new Tensor(0, 5).Length);
        Assert.Equal(1, default(TensorShape).ElementCount);
    }

    [Fact]
    public void TenThousandStepRecurrenceDoesNotOverflowTheStack()
    {
        // h_{t+1} = 0.9999·h_t + x: 10 000 tape nodes walked backward by the loop; dh/dx = Σ 0.9999^k.
        var x = Tensor.FromArray([1f], 1);
        x.RequiresGrad = true;
        using var tape = new Tape();
        Tensor h = Tensor.FromArray([0f], 1);
        const int steps = 10_000;
        for (int t = 0; t < steps; t++)
        {
            h = Ops.Add(Ops.Scale(h, 0.9999f), x);
        }
        tape.Backward(h);
        double expected = (1 - Math.Pow(0.9999, steps)) / (1 - 0.9999);
        Assert.Equal(expected, x.Grad!.Span[0], expected * 1e-3);
        // The first Scale acts on an untracked h and is not recorded.
        Assert.Equal(2 * steps - 1, tape.Count);
    }

    [Fact]
    public void NoGradScopeAndDetachRecordNothing()
    {
        Tensor x = TestData.Tracked(1, -1f, 1f, 3);
        using var tape = new Tape();
        using (Tape.NoGrad())
        {
            Ops.Exp(x);
        }
        Assert.Equal(0, tape.Count);
        Tensor detached = x.Detach();
        Assert.False(detached.RequiresGrad);
        Ops.Exp(detached);
        Assert.Equal(0, tape.Count);
        Ops.Exp(x);
        Assert.Equal(1, tape.Count);
    }

    [Fact]
    public void GradientsAccumulateAcrossBackwardCalls()
    {
        Tensor x = TestData.Tracked(2, -1f, 1f, 2);
        for (int i = 0; i < 2; i++)
        {
            using var tape = new Tape();
            tape.Backward(Ops.Sum(Ops.Scale(x, 3f)));
        }
        Assert.Equal([6f, 6f], x.Grad!.ToArray());
    }
}
