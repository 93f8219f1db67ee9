using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

/// <summary>The event-driven projection and its building blocks against dense references.</summary>
public sealed class EventDrivenProjectionTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void SpikeIndexListsExactlyTheNonzeros(double activity)
    {
        const int rows = 9, columns = 70;
        float[] x = Spikes(new Rng(3), rows * columns, activity);
        SpikeIndex byRow = SpikeIndex.ByRow(rows, columns, x);
        SpikeIndex byColumn = SpikeIndex.ByColumn(rows, columns, x);
        var expectedByRow = new List<int>();
        var expectedByColumn = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            expectedByRow.AddRange(Enumerable.Range(0, columns).Where(c => x[r * columns + c] != 0f));
            Assert.Equal(expectedByRow.Count, byRow.Start[r + 1]);
        }
        for (int c = 0; c < columns; c++)
        {
            expectedByColumn.AddRange(Enumerable.Range(0, rows).Where(r => x[r * columns + c] != 0f));
            Assert.Equal(expectedByColumn.Count, byColumn.Start[c + 1]);
        }
        Assert.Equal(expectedByRow, byRow.Index);
        Assert.Equal(expectedByColumn, byColumn.Index);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public unsafe void AddScaledRowsMatchesADenseProduct(double activity)
    {
        var rng = new Rng(4);
        foreach ((int length, int width) in new[] { (5, 3), (70, 150), (1100, 20) })
        {
            float[] scale = Spikes(rng, length, activity);
            for (int i = 0; i < scale.Length; i++)
            {
                scale[i] *= rng.NextFloat() * 2 - 0.5f;
            }
            var rows = new float[length * width];
            rng.FillUniform(rows, -1, 1);
            var target = new float[width];
            rng.FillUniform(target, -1, 1);
            double[] expected = target.Select(v => (double)v).ToArray();
            for (int j = 0; j < length; j++)
            {
                for (int o = 0; o < width; o++)
                {
                    expected[o] += (double)scale[j] * rows[j * width + o];
                }
            }
            fixed (float* r = rows)
            {
                EventAccumulation.AddScaledRows(scale, r, width, target);
            }
            for (int o = 0; o < width; o++)
            {
                Assert.Equal(expected[o], target[o], 1e-3);
            }
        }
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.01, true)]
    [InlineData(0.01, false)]
    [InlineData(0.3, true)]
    [InlineData(1.0, false)] // every input on at every step: each stream's default is all of them, nothing changes
    [InlineData(0.8, true, 33, 9)] // mostly on: defaults, additions and subtractions
    [InlineData(0.1, false, 700, 80)] // 400 rows × 700 outputs: the bias broadcast and bias gradient split across threads
    public void ProjectionMatchesTheDenseLinearWithAllGradients(double activity, bool inputRequiresGrad, int outputs = 33, int steps = 4)
    {
        var rng = new Rng(6);
        var x = new Tensor(steps, 5, 90);
        Spikes(rng, x.Length, activity).CopyTo(x.Span);
        x.RequiresGrad = inputRequiresGrad;
        var weight = new Tensor(outputs, 90) { RequiresGrad = true };
        rng.FillUniform(weight.Span, -1, 1);
        var bias = new Tensor(outputs) { RequiresGrad = true };
        rng.FillUniform(bias.Span, -1, 1);
        var upstream = new Tensor(steps, 5, outputs);
        rng.FillUniform(upstream.Span, -1, 1);

        (float[] y, float[] gx, float[] gw, float[] gb) Pass(bool eventDriven)
        {
            (x.Grad, weight.Grad, bias.Grad) = (null, null, null);
            using var tape = new Tape();
            Tensor output = SpikeProjection.Linear(x, weight, bias, eventDriven);
            tape.Backward(Ops.Sum(Ops.Multiply(output, upstream)));
            return (output.ToArray(), x.Grad?.ToArray() ?? [], weight.Grad!.ToArray(), bias.Grad!.ToArray());
        }

        var events = Pass(true);
        // Above the tiled limit, [T, B, in] inputs this active are recoded against each stream's usual inputs.
        Assert.Equal(activity <= SpikeProjection.TiledMaxActivity ? KernelPath.EventDriven : KernelPath.EventComplement, SpikeProjection.LastPath);
        var dense = Pass(false);
        Assert.Equal(KernelPath.Dense, SpikeProjection.LastPath);
        AssertClose(dense.y, events.y);
        AssertClose(dense.gx, events.gx);
        AssertClose(dense.gw, events.gw);
        AssertClose(dense.gb, events.gb);
        Assert.Equal(inputRequiresGrad ? x.Length : 0, events.gx.Length);
    }

    private static float[] Spikes(Rng rng, int length, double activity)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = rng.NextFloat() < activity ? 1f : 0f;
        }
        return x;
    }

    [Fact]
    public void ActiveFractionCountsEveryPartOfALongInputAndSeesANonBinaryValueInTheLast()
    {
        // 300 000 values: split across threads in parts of 65 536.
        var x = new float[300_000];
        var rng = new Rng(35);
        int ones = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextFloat() < 0.3f ? 1f : 0f;
            ones += (int)x[i];
        }
        Assert.Equal((double)ones / x.Length, EventAccumulation.ActiveFraction(x));
        x[^1] = 0.5f;
        Assert.Equal(-1, EventAccumulation.ActiveFraction(x));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])), $"[{i}]: dense {expected[i]}, events {actual[i]}");
        }
    }
}
