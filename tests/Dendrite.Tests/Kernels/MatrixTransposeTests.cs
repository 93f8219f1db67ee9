using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Tests.Kernels;

/// <summary>The tiled transpose against the naive double loop, on shapes that are and are not multiples of the tile.</summary>
public sealed class MatrixTransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(32, 32)]
    [InlineData(33, 70)]
    [InlineData(1000, 784)]
    public void TilesEqualTheNaiveTransposeAndAddOnceEach(int rows, int columns)
    {
        var rng = new Rng((ulong)(rows * 1000 + columns));
        var matrix = new float[rows * columns];
        rng.FillNormal(matrix, 0f, 1f);
        var expected = new float[rows * columns];
        MatrixTranspose.Reference(matrix, rows, columns, expected);
        Assert.Equal(expected, MatrixTranspose.Of(matrix, rows, columns));
        Assert.Equal(matrix[columns - 1], expected[(columns - 1) * rows]); // [0, c] lands at [c, 0]

        var sum = new float[rows * columns];
        rng.FillNormal(sum, 0f, 1f);
        float[] start = (float[])sum.Clone();
        MatrixTranspose.AddInto(matrix, rows, columns, sum);
        for (int i = 0; i < sum.Length; i++)
        {
            Assert.Equal(start[i] + expected[i], sum[i]);
        }
    }

    [Fact]
    public void AShortBufferIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => MatrixTranspose.Into(new float[5], 2, 3, new float[6]));
        Assert.Contains("[2, 3]", error.Message);
    }
}
