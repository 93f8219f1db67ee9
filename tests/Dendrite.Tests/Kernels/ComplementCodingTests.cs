using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Tests.Kernels;

/// <summary>
/// <see cref="ComplementCoding"/> against naive counts and dense references: which inputs become a stream's default, that
/// the recoded masks reproduce the spikes, and that the projection and weight gradient through it equal the plain sums.
/// </summary>
public sealed class ComplementCodingTests
{
    [Theory]
    [InlineData(2, 0.8)]
    [InlineData(7, 0.7)] // odd: more than half is 4 or more
    [InlineData(12, 0.7)] // even: exactly half (6) is not more than half
    [InlineData(70, 0.6)] // counts past 64 need a seventh bit plane
    public void DefaultsAreTheInputsActiveInMoreThanHalfOfTheStreamsSteps(int steps, double activity)
    {
        const int streams = 3, inputs = 130;
        float[] x = RatedSpikes(new Rng(31), steps, streams, inputs, activity);
        SpikeMasks active = SpikeMasks.ByRow(steps * streams, inputs, x);
        ComplementCoding coding = ComplementCoding.TryCreate(active, streams) ?? throw new InvalidOperationException("expected a coding");
        for (int b = 0; b < streams; b++)
        {
            for (int k = 0; k < inputs; k++)
            {
                int count = 0;
                for (int t = 0; t < steps; t++)
                {
                    count += x[((t * streams) + b) * inputs + k] != 0f ? 1 : 0;
                }
                bool usual = 2 * count > steps;
                Assert.True(usual == IsSet(coding.Defaults, b, k), $"stream {b} input {k}: active {count} of {steps}");
                for (int t = 0; t < steps; t++)
                {
                    int line = t * streams + b;
                    bool spiked = x[line * inputs + k] != 0f;
                    Assert.Equal(spiked && !usual, IsSet(coding.Added, line, k));
                    Assert.Equal(usual && !spiked, IsSet(coding.Subtracted, line, k));
                }
            }
        }
        Assert.Equal(coding.Defaults.Count + coding.Added.Count + coding.Subtracted.Count, coding.Additions);
    }

    [Fact]
    public void DeclinesWhenItWouldNotSaveAFifth()
    {
        // Sparse spikes: no input is active in most steps, so nothing is gained.
        SpikeMasks sparse = SpikeMasks.ByRow(40, 100, RatedSpikes(new Rng(32), 10, 4, 100, 0.1));
        Assert.Null(ComplementCoding.TryCreate(sparse, 4));
        // Half the time: what the defaults save, the subtractions cost.
        SpikeMasks half = SpikeMasks.ByRow(400, 100, RatedSpikes(new Rng(33), 100, 4, 100, 0.5));
        Assert.Null(ComplementCoding.TryCreate(half, 4));
        // One step, or lines that are not whole steps of the streams.
        SpikeMasks full = SpikeMasks.ByRow(6, 10, Enumerable.Repeat(1f, 60).ToArray());
        Assert.Null(ComplementCoding.TryCreate(full, 6));
        Assert.Null(ComplementCoding.TryCreate(full, 4));
        Assert.NotNull(ComplementCoding.TryCreate(full, 3));
    }

    [Theory]
    [InlineData(8, 0.75, 300)]
    [InlineData(25, 0.9, 130)]
    public void ForwardAndWeightGradientEqualTheDenseReferences(int steps, double activity, int outputs)
    {
        const int streams = 5, inputs = 150;
        var rng = new Rng(34);
        int rows = steps * streams;
        float[] x = RatedSpikes(rng, steps, streams, inputs, activity);
        ComplementCoding coding = ComplementCoding.TryCreate(SpikeMasks.ByRow(rows, inputs, x), streams)
            ?? throw new InvalidOperationException("expected a coding");
        Assert.True(coding.Additions < 0.6 * x.Count(v => v != 0f), $"{coding.Additions} additions for {x.Count(v => v != 0f)} spikes");
        var w = new float[inputs * outputs];
        rng.FillUniform(w, -1, 1);
        var g = new float[rows * outputs];
        rng.FillUniform(g, -1, 1);
        var bias = new float[outputs];
        rng.FillUniform(bias, -1, 1);
        // Filled with noise: the forward replaces y's values with bias + x·W.
        var y = new float[rows * outputs];
        rng.FillUniform(y, -1, 1);
        var yRef = new float[rows * outputs];
        RowVector.Broadcast(bias, rows, yRef);
        var gw = new float[inputs * outputs];
        rng.FillUniform(gw, -1, 1);
        float[] gwRef = (float[])gw.Clone();

        coding.Forward(outputs, w, bias, y);
        coding.WeightGradient(outputs, g, gw);
        EventAccumulation.ForwardReference(rows, inputs, outputs, x, w, yRef);
        EventAccumulation.WeightGradientReference(rows, inputs, outputs, x, g, gwRef);

        // Sums of up to ~150 terms of magnitude 1 in a different order: float rounding only.
        for (int i = 0; i < y.Length; i++)
        {
            Assert.True(Math.Abs(yRef[i] - y[i]) <= 1e-4f * Math.Max(1f, Math.Abs(yRef[i])), $"forward [{i}]: reference {yRef[i]}, coded {y[i]}");
        }
        for (int i = 0; i < gw.Length; i++)
        {
            Assert.True(Math.Abs(gwRef[i] - gw[i]) <= 1e-4f * Math.Max(1f, Math.Abs(gwRef[i])), $"weight gradient [{i}]: reference {gwRef[i]}, coded {gw[i]}");
        }
    }

    /// <summary>Spikes [steps, streams, inputs]; each (stream, input) fires with its own rate, drawn around <paramref name="activity"/>.</summary>
    private static float[] RatedSpikes(Rng rng, int steps, int streams, int inputs, double activity)
    {
        var rates = new double[streams * inputs];
        for (int i = 0; i < rates.Length; i++)
        {
            rates[i] = Math.Clamp(activity + (rng.NextFloat() - 0.5) * 0.2, 0, 1);
        }
        var x = new float[steps * streams * inputs];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < rates.Length; i++)
            {
                x[t * rates.Length + i] = rng.NextFloat() < rates[i] ? 1f : 0f;
            }
        }
        return x;
    }

    private static bool IsSet(SpikeMasks masks, int line, int column) =>
        (masks.Bits[line * masks.Words + column / 64] >> (column % 64) & 1) != 0;
}
