using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Tests.Kernels;

/// <summary>The bias broadcast and column sums against plain loops, below and above the size that splits them across threads.</summary>
public sealed class RowVectorTests
{
    [Theory]
    [InlineData(3, 5)]
    [InlineData(400, 700)] // 280 000 floats: split across threads
    public void BroadcastAndColumnSumsEqualPlainLoops(int rows, int width)
    {
        var rng = new Rng((ulong)(rows + width));
        var row = new float[width];
        var matrix = new float[rows * width];
        var sum = new float[width];
        rng.FillNormal(row, 0f, 1f);
        rng.FillNormal(matrix, 0f, 1f);
        rng.FillNormal(sum, 0f, 1f);

        var broadcast = new float[rows * width];
        RowVector.Broadcast(row, rows, broadcast);
        for (int i = 0; i < broadcast.Length; i++)
        {
            Assert.Equal(row[i % width], broadcast[i]);
        }

        float[] expected = (float[])sum.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                expected[c] += matrix[r * width + c];
            }
        }
        RowVector.AddColumnSums(matrix, rows, sum);
        Assert.Equal(expected, sum);
    }

    [Theory]
    [InlineData(6, 5, 3)]
    [InlineData(400, 700, 16)] // split across threads
    public void PerStreamRowsAndSumsEqualPlainLoops(int rows, int width, int streams)
    {
        var rng = new Rng((ulong)(rows + streams));
        var cycle = new float[streams * width];
        var matrix = new float[rows * width];
        var target = new float[rows * width];
        var sums = new float[streams * width];
        rng.FillNormal(cycle, 0f, 1f);
        rng.FillNormal(matrix, 0f, 1f);
        rng.FillNormal(target, 0f, 1f);
        rng.FillNormal(sums, 0f, 1f);
        float[] expectedTarget = (float[])target.Clone();
        float[] expectedSums = (float[])sums.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < width; c++)
            {
                expectedTarget[r * width + c] = cycle[r % streams * width + c];
                expectedSums[r % streams * width + c] += matrix[r * width + c];
            }
        }
        RowVector.BroadcastCycled(cycle, streams, rows, target);
        RowVector.AddCycleSums(matrix, rows, streams, sums);
        Assert.Equal(expectedTarget, target);
        Assert.Equal(expectedSums, sums);
    }

    [Fact]
    public void AShortMatrixIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(() => RowVector.AddColumnSums(new float[5], 2, new float[3]));
        Assert.Contains("2 rows of 3", error.Message);
    }
}
