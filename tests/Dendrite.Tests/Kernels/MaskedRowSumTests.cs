using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Tests.Kernels;

/// <summary>
/// The tiled event-driven kernels (<see cref="SpikeMasks"/>, <see cref="MaskedRowSum"/>) against naive dense references,
/// at shapes that cross every tile edge: several 64-bit words per line, more than one tile of target lines, and output
/// widths with full 128-wide blocks plus a narrower last one.
/// </summary>
public sealed class MaskedRowSumTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.29)]
    [InlineData(1.0)]
    [InlineData(0.29, 700, 1500)] // large enough to split the transpose across threads
    public void MasksHoldExactlyTheNonzerosEitherWay(double activity, int rows = 70, int columns = 150)
    {
        float[] x = Spikes(new Rng(21), rows * columns, activity);
        SpikeMasks byRow = SpikeMasks.ByRow(rows, columns, x);
        SpikeMasks byColumn = byRow.Transpose();
        SpikeMasks fromIndex = SpikeMasks.From(SpikeIndex.ByRow(rows, columns, x), columns);
        long nonzeros = x.Count(v => v != 0f);
        Assert.Equal(nonzeros, byRow.Count);
        Assert.Equal(nonzeros, byColumn.Count);
        Assert.Equal(byRow.Bits, fromIndex.Bits);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                bool expected = x[r * columns + c] != 0f;
                Assert.Equal(expected, IsSet(byRow, r, c));
                Assert.Equal(expected, IsSet(byColumn, c, r));
            }
        }
    }

    [Theory]
    [InlineData(0.01, 70, 150)]
    [InlineData(0.29, 9, 64)] // whole words only
    [InlineData(0.29, 700, 785)] // split across threads, a one-value last word
    public void MasksFromValuesThatMayNotBeSpikesCountEveryRowAndRefuseNonBinaryValues(double activity, int rows, int columns)
    {
        var rng = new Rng(23);
        float[] x = Spikes(rng, rows * columns, activity);
        var counts = new int[rows];
        SpikeMasks? masks = SpikeMasks.ByRowIfBinary(rows, columns, x, counts);
        Assert.NotNull(masks);
        Assert.Equal(SpikeMasks.ByRow(rows, columns, x).Bits, masks.Bits);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => x.AsSpan(r * columns, columns).ToArray().Count(v => v != 0f)), counts);
        Assert.Equal(masks.Bits, SpikeMasks.ByRowIfBinary(rows, columns, x, default)!.Bits); // no counts asked for

        // One value that is not 0 or 1, in a whole vector, in a word's scalar tail, or NaN: no masks, counts still right.
        foreach ((int at, float value) in new[] { (5, 0.5f), (rows * columns - 1, 2f), (rows * columns / 2, float.NaN) })
        {
            float[] y = (float[])x.Clone();
            y[at] = value;
            Assert.Null(SpikeMasks.ByRowIfBinary(rows, columns, y, counts));
            Assert.Equal(Enumerable.Range(0, rows).Select(r => y.AsSpan(r * columns, columns).ToArray().Count(v => v != 0f)), counts);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.29)]
    [InlineData(1.0)]
    public void ForwardAndWeightGradientMatchTheDenseReferences(double activity)
    {
        var rng = new Rng(22);
        // (64, 130, 256): exactly one tile of lines over full blocks, added in place, so the last line's prefetch of the
        // next line points past the end of the target.
        foreach ((int rows, int inputs, int outputs) in new[] { (130, 200, 300), (3, 64, 128), (65, 1, 17), (64, 130, 256) })
        {
            float[] x = Spikes(rng, rows * inputs, activity);
            var w = new float[inputs * outputs];
            rng.FillUniform(w, -1, 1);
            var g = new float[rows * outputs];
            rng.FillUniform(g, -1, 1);
            // Nonzero starting values: both kernels add to what is there.
            var y = new float[rows * outputs];
            rng.FillUniform(y, -1, 1);
            float[] yRef = (float[])y.Clone();
            var gw = new float[inputs * outputs];
            rng.FillUniform(gw, -1, 1);
            float[] gwRef = (float[])gw.Clone();
            EventAccumulation.Forward(rows, inputs, outputs, x, w, y);
            EventAccumulation.ForwardReference(rows, inputs, outputs, x, w, yRef);
            EventAccumulation.WeightGradient(rows, inputs, outputs, x, g, gw);
            EventAccumulation.WeightGradientReference(rows, inputs, outputs, x, g, gwRef);
            AssertClose(yRef, y, $"forward {rows}x{inputs}x{outputs}");
            AssertClose(gwRef, gw, $"weight gradient {rows}x{inputs}x{outputs}");
        }
    }

    [Theory]
    [InlineData(130, 200, 300)]
    [InlineData(64, 130, 256)]
    [InlineData(3, 64, 128)]
    public void EachOutputAddsItsRowsInAscendingOrderBitForBit(int lines, int sourceRows, int width)
    {
        var rng = new Rng(24);
        float[] x = Spikes(rng, lines * sourceRows, 0.29);
        var source = new float[sourceRows * width];
        rng.FillUniform(source, -1, 1);
        var target = new float[lines * width];
        rng.FillUniform(target, -1, 1);
        // Naive ordered sum: start from the target's value, add the listed rows in ascending order.
        float[] expected = OrderedSum(lines, sourceRows, width, x, null, source, target);
        MaskedRowSum.Run(SpikeMasks.ByRow(lines, sourceRows, x), source, width, target);
        Assert.Equal(expected, target);
    }

    [Theory]
    [InlineData(130, 200, 300)]
    [InlineData(64, 130, 256)]
    public void SubtractedRowsFollowTheAddedOnesChunkByChunkBitForBit(int lines, int sourceRows, int width)
    {
        var rng = new Rng(25);
        float[] plus = Spikes(rng, lines * sourceRows, 0.2);
        float[] minus = Spikes(rng, lines * sourceRows, 0.2);
        var source = new float[sourceRows * width];
        rng.FillUniform(source, -1, 1);
        var target = new float[lines * width];
        rng.FillUniform(target, -1, 1);
        float[] expected = OrderedSum(lines, sourceRows, width, plus, minus, source, target);
        MaskedRowSum.Run(SpikeMasks.ByRow(lines, sourceRows, plus), SpikeMasks.ByRow(lines, sourceRows, minus), source, width, target);
        Assert.Equal(expected, target);
        var wrongShape = SpikeMasks.ByRow(lines - 1, sourceRows, minus.AsSpan(0, (lines - 1) * sourceRows));
        Assert.Contains("subtracted masks", Assert.Throws<ArgumentException>(() =>
            MaskedRowSum.Run(SpikeMasks.ByRow(lines, sourceRows, plus), wrongShape, source, width, target)).Message);
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        const int rows = 300, inputs = 200, outputs = 1000;
        var rng = new Rng(23);
        float[] x = Spikes(rng, rows * inputs, 0.29);
        var w = new float[inputs * outputs];
        rng.FillUniform(w, -1, 1);
        var g = new float[rows * outputs];
        rng.FillUniform(g, -1, 1);
        int saved = KernelThreads.Count;
        try
        {
            (float[] y, float[] gw) Run(int threads)
            {
                KernelThreads.Count = threads;
                var y = new float[rows * outputs];
                var gw = new float[inputs * outputs];
                EventAccumulation.Forward(rows, inputs, outputs, x, w, y);
                EventAccumulation.WeightGradient(rows, inputs, outputs, x, g, gw);
                return (y, gw);
            }

            var one = Run(1);
            var two = Run(2);
            Assert.Equal(one.y, two.y);
            Assert.Equal(one.gw, two.gw);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    /// <summary>
    /// The kernel's order, naively: from the target's value, per 64 source rows (one mask word), add the rows
    /// <paramref name="plus"/> lists in ascending order, then subtract those <paramref name="minus"/> lists.
    /// </summary>
    private static float[] OrderedSum(int lines, int sourceRows, int width, float[] plus, float[]? minus, float[] source, float[] target)
    {
        var sums = (float[])target.Clone();
        for (int i = 0; i < lines; i++)
        {
            for (int o = 0; o < width; o++)
            {
                float sum = sums[i * width + o];
                for (int k0 = 0; k0 < sourceRows; k0 += 64)
                {
                    int k1 = Math.Min(k0 + 64, sourceRows);
                    for (int k = k0; k < k1; k++)
                    {
                        if (plus[i * sourceRows + k] != 0f)
                        {
                            sum += source[k * width + o];
                        }
                    }
                    for (int k = k0; k < k1 && minus is not null; k++)
                    {
                        if (minus[i * sourceRows + k] != 0f)
                        {
                            sum -= source[k * width + o];
                        }
                    }
                }
                sums[i * width + o] = sum;
            }
        }
        return sums;
    }

    private static bool IsSet(SpikeMasks masks, int line, int column) =>
        (masks.Bits[line * masks.Words + column / 64] >> (column % 64) & 1) != 0;

    private static float[] Spikes(Rng rng, int length, double activity)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = rng.NextFloat() < activity ? 1f : 0f;
        }
        return x;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])), $"{what} [{i}]: reference {expected[i]}, kernel {actual[i]}");
        }
    }
}
