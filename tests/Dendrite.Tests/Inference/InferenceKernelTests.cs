using Dendrite.Inference;
using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Tests.Inference;

/// <summary>The engine's row kernels against naive references: bit for bit where they promise the same arithmetic.</summary>
public sealed class InferenceKernelTests
{
    [Fact]
    public unsafe void ListedRowsAddInAscendingOrderLikeASequentialFusedLoop()
    {
        var rng = new Rng(31);
        // Widths around the 128-output register block and the two masked vectors of the tail (20 = a readout).
        foreach (int width in (int[])[1, 7, 16, 20, 33, 100, 128, 200, 256, 1000])
        {
            const int inputs = 90;
            var scale = new float[inputs];
            for (int j = 0; j < inputs; j++)
            {
                float draw = rng.NextFloat();
                scale[j] = draw < 0.7f ? 0f : draw < 0.9f ? 1f : rng.NextNormal();
            }
            int[] active = [.. Enumerable.Range(0, inputs).Where(j => scale[j] != 0f)];
            var rows = new float[inputs * width];
            rng.FillNormal(rows, 0f, 1f);
            var bias = new float[width];
            rng.FillNormal(bias, 0f, 1f);
            // Start in place (the target's own values), from a separate bias, and from zeros (no start).
            foreach (string start in (string[])["in place", "bias", "zeros"])
            {
                var target = new float[width];
                rng.FillNormal(target, 0f, 1f);
                // Naive: each output from its start value, one fused multiply-add per listed input, ascending.
                float[] expected = start switch { "in place" => [.. target], "bias" => [.. bias], _ => new float[width] };
                for (int o = 0; o < width; o++)
                {
                    foreach (int j in active)
                    {
                        expected[o] = MathF.FusedMultiplyAdd(scale[j], rows[j * width + o], expected[o]);
                    }
                }
                fixed (float* r = rows)
                {
                    ReadOnlySpan<float> from = start switch { "in place" => target, "bias" => bias, _ => default };
                    EventAccumulation.AddListedRows(scale, active, r, width, from, target);
                }
                Assert.Equal(expected, target);
            }
        }
    }

    [Fact]
    public void GatherRowFromCopiesTheRowAndListsItsNonzerosAscending()
    {
        var rng = new Rng(32);
        foreach (int width in (int[])[5, 16, 37, 700])
        {
            foreach (float density in (float[])[0f, 0.02f, 0.3f, 1f])
            {
                var activity = new StepActivity(3, width);
                var source = new float[width];
                for (int j = 0; j < width; j++)
                {
                    source[j] = rng.NextFloat() < density ? (rng.NextFloat() < 0.5f ? 1f : rng.NextNormal()) : 0f;
                }
                activity.GatherRowFrom(1, source);

                Assert.Equal(source, activity.Values.AsSpan(width, width).ToArray());
                Assert.Equal(Enumerable.Range(0, width).Where(j => source[j] != 0f).ToArray(), activity.Active(1).ToArray());
                Assert.Equal(0, activity.Active(0).Length);
                Assert.Equal(0, activity.Active(2).Length);
                activity.GatherRow(1);
                Assert.Equal(Enumerable.Range(0, width).Where(j => source[j] != 0f).ToArray(), activity.Active(1).ToArray());
            }
        }
    }

    [Theory]
    [InlineData(37)] // two vectors of 16 and a masked tail of 5
    [InlineData(20)] // a readout: one vector and a tail of 4
    [InlineData(5)] // the masked tail alone
    public void LeakyIntegratorKernelMatchesTheGenericModelStepBitForBit(int neurons)
    {
        var rng = new Rng(33);
        var layer = new LiLayer(4, neurons, rng.Fork(1), new LiParameters { Form = LiForm.Leaky, Beta = 0.9 });
        double[] parameters = [.. Enumerable.Range(0, neurons).Select(n => 0.5 + n / 80.0)];
        parameters[3] = 1.4; // clamped to 1 by both
        IStepKernel kernel = LiStepKernel.For(layer, parameters, neurons)!;
        var model = new LiModel(layer.Config);
        var ff = new float[neurons];
        var rec = new float[neurons];
        var state = new float[neurons];
        var expectedState = new float[neurons];
        for (int step = 0; step < 5; step++)
        {
            rng.FillNormal(ff, 0f, 1f);
            rng.FillNormal(rec, 0f, 0.3f);
            if (step == 2)
            {
                ff.AsSpan(0, neurons / 2).Clear(); // zero outputs that the list must skip
                rec.AsSpan(0, neurons / 2).Clear();
                expectedState.AsSpan(0, neurons / 2).Clear();
                state.AsSpan(0, neurons / 2).Clear();
            }
            AssertStepMatchesModel(kernel, model, n => [parameters[n]], ff, rec, state, expectedState);
        }
        Assert.Null(LiStepKernel.For(new LiLayer(4, neurons, rng.Fork(2), new LiParameters { Form = LiForm.Decay }), parameters, neurons));
    }

    [Theory]
    [InlineData(256, ResetTiming.NextStep)] // whole vectors only
    [InlineData(37, ResetTiming.NextStep)] // two vectors of 16 and a scalar tail of 5
    [InlineData(37, ResetTiming.SameStep)]
    [InlineData(5, ResetTiming.SameStep)] // the scalar tail alone
    public void LifKernelMatchesTheGenericModelStepAndListsItsSpikes(int neurons, ResetTiming timing)
    {
        var rng = new Rng(34);
        var config = new LifParameters { Beta = 0.9, Threshold = 1.0, Timing = timing };
        var layer = new LifLayer(4, neurons, rng.Fork(1), config);
        double[] parameters = [.. Enumerable.Range(0, neurons).Select(n => 0.6 + n / 100.0),
            .. Enumerable.Range(0, neurons).Select(n => 0.8 + n / 200.0)];
        parameters[3] = 1.4; // β clamped to 1 by both
        IStepKernel kernel = LifStepKernel.For(layer, parameters, neurons)!;
        var model = new LifModel(config);
        var ff = new float[neurons];
        var rec = new float[neurons];
        var state = new float[neurons];
        var expectedState = new float[neurons];
        int spikes = 0;
        for (int step = 0; step < 8; step++)
        {
            rng.FillNormal(ff, 0.3f, 0.6f);
            rng.FillNormal(rec, 0f, 0.3f);
            spikes += AssertStepMatchesModel(kernel, model, n => [parameters[n], parameters[neurons + n]], ff, rec, state, expectedState);
        }
        Assert.InRange(spikes, 1, 8 * neurons - 1); // both branches of the threshold were taken
    }

    /// <summary>
    /// One step of <paramref name="kernel"/> against <paramref name="model"/>'s generic step neuron by neuron: the state, the
    /// outputs and the list of non-zero outputs, bit for bit. Advances both states; returns the kernel's count of non-zeros.
    /// </summary>
    private static int AssertStepMatchesModel<TModel>(IStepKernel kernel, TModel model, Func<int, double[]> parameters,
        float[] ff, float[] rec, float[] state, float[] expectedState)
        where TModel : INeuronModel
    {
        int neurons = ff.Length;
        var expectedOutput = new float[neurons];
        for (int n = 0; n < neurons; n++)
        {
            var next = new double[1];
            expectedOutput[n] = (float)model.Step(parameters(n), [ff[n]], [rec[n]], [expectedState[n]], next);
            expectedState[n] = (float)next[0];
        }
        var output = new float[neurons];
        var active = new int[neurons];
        int count = kernel.Step(ff, rec, state, output, active);
        Assert.Equal(expectedState, state);
        Assert.Equal(expectedOutput, output);
        Assert.Equal(NonzeroIndices(expectedOutput), active[..count]);
        return count;
    }

    private static int[] NonzeroIndices(float[] values) => [.. Enumerable.Range(0, values.Length).Where(j => values[j] != 0f)];
}
