using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

/// <summary>
/// The vectorised float sequence kernel against the scalar reference loop (<see cref="NeuronSequence.ForwardReference"/>):
/// every LIF convention, several surrogates, LI in both forms, with and without recurrence, at low and high activity.
/// Without recurrence the per-neuron math is the same operations in the same order, so results must be bit-identical;
/// with recurrence the recurrent sums may round differently, so values agree to float tolerance.
/// </summary>
public sealed class VectorisedSequenceTests
{
    private const int Steps = 12;
    private const int Batch = 3;

    // 21 neurons: two full vectors of 8 and a scalar tail of 5.
    private const int Neurons = 21;

    public static TheoryData<ResetMode, ResetTiming, SpikeComparison, bool> Conventions()
    {
        var data = new TheoryData<ResetMode, ResetTiming, SpikeComparison, bool>();
        foreach (ResetMode reset in Enum.GetValues<ResetMode>())
        {
            foreach (ResetTiming timing in Enum.GetValues<ResetTiming>())
            {
                data.Add(reset, timing, SpikeComparison.GreaterThan, true);
                data.Add(reset, timing, SpikeComparison.GreaterOrEqual, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Conventions))]
    public void LifMatchesTheReferenceForEveryConvention(ResetMode reset, ResetTiming timing, SpikeComparison comparison, bool detach)
    {
        foreach (ISurrogate surrogate in new ISurrogate[] { new Arctan(), new FastSigmoid(), new Triangle(0.5, 2.0), new SigmoidSurrogate() })
        {
            var config = new LifParameters
            {
                Reset = reset, Timing = timing, Comparison = comparison, DetachReset = detach, Surrogate = surrogate, ResetValue = 0.2,
            };
            foreach (bool recurrent in new[] { false, true })
            {
                // Weak drive (few spikes: event-driven recurrent gradient) and strong drive (dense, with truncated BPTT).
                foreach (float drive in new[] { 0.15f, 0.8f })
                {
                    Compare(new LifModel(config), LifParameters(), recurrent, drive, $"{reset}/{timing}/{comparison}/{surrogate}/rec={recurrent}/drive={drive}");
                }
            }
        }
    }

    [Theory]
    [InlineData(LiForm.Decay)]
    [InlineData(LiForm.Leaky)]
    public void LiMatchesTheReference(LiForm form)
    {
        var rng = new Rng(9);
        var p = new double[Neurons];
        for (int n = 0; n < Neurons; n++)
        {
            // τ in [2, 20] for the decay form; β in [−0.2, 1.2] (clamped at both ends) for the leaky form.
            p[n] = form == LiForm.Decay ? 2 + 18 * rng.NextFloat() : -0.2 + 1.4 * rng.NextFloat();
        }
        Compare(new LiModel(new LiParameters { Form = form, Dt = 0.7 }), p, recurrent: false, 1f, form.ToString());
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var model = new LifModel(new LifParameters());
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            Run run1 = Run.Vectorised(model, LifParameters(64), recurrent: true, 0.5f, steps: 30, batch: 32, neurons: 64);
            KernelThreads.Count = 2;
            Run run2 = Run.Vectorised(model, LifParameters(64), recurrent: true, 0.5f, steps: 30, batch: 32, neurons: 64);
            Assert.Equal(run1.Output, run2.Output);
            Assert.Equal(run1.GradFf, run2.GradFf);
            Assert.Equal(run1.GradWeight, run2.GradWeight);
            Assert.Equal(run1.GradParameters, run2.GradParameters);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private static double[] LifParameters(int neurons = Neurons)
    {
        var rng = new Rng(5);
        var p = new double[2 * neurons];
        for (int n = 0; n < neurons; n++)
        {
            // β in [0.6, 1.1] (some clamped at 1), θ in [0.5, 1.5].
            p[n] = 0.6 + 0.5 * rng.NextFloat();
            p[neurons + n] = 0.5 + rng.NextFloat();
        }
        return p;
    }

    private static void Compare<TModel>(TModel model, double[] p, bool recurrent, float drive, string what)
        where TModel : INeuronModel
    {
        int truncation = drive > 0.5f ? 4 : 0;
        Run fast = Run.Vectorised(model, p, recurrent, drive, truncation: truncation);
        Assert.Equal(SequenceKernel.Vectorised, NeuronSequence.LastKernel);
        Run reference = Run.Reference(model, p, recurrent, drive, truncation);
        if (!recurrent)
        {
            Assert.True(fast.Output.SequenceEqual(reference.Output), $"{what}: outputs differ");
            Assert.True(fast.States.SequenceEqual(reference.States), $"{what}: states differ");
            Assert.True(fast.GradFf.SequenceEqual(reference.GradFf), $"{what}: current gradients differ");
            Assert.True(fast.GradState.SequenceEqual(reference.GradState), $"{what}: initial-state gradients differ");
        }
        AssertClose(reference.Output, fast.Output, what + " output");
        AssertClose(reference.Final, fast.Final, what + " final state");
        AssertClose(reference.GradFf, fast.GradFf, what + " dL/dff");
        AssertClose(reference.GradState, fast.GradState, what + " dL/ds0");
        AssertClose(reference.GradOutput0, fast.GradOutput0, what + " dL/dy0");
        AssertClose(reference.GradWeight, fast.GradWeight, what + " dL/dW_rec");
        AssertClose(reference.GradBias, fast.GradBias, what + " dL/db_rec");
        AssertClose(reference.GradParameters.Select(v => (float)v).ToArray(), fast.GradParameters.Select(v => (float)v).ToArray(), what + " dL/dp");
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])),
                $"{what}[{i}]: reference {expected[i]}, vectorised {actual[i]}");
        }
    }

    /// <summary>One forward and backward through <see cref="NeuronSequence"/> on fixed random inputs.</summary>
    private sealed record Run(float[] Output, float[] States, float[] Final, float[] GradFf, float[] GradState, float[] GradOutput0,
        float[] GradWeight, float[] GradBias, double[] GradParameters)
    {
        public static Run Vectorised<TModel>(TModel model, double[] p, bool recurrent, float drive, int steps = Steps, int batch = Batch, int neurons = Neurons,
            int truncation = 0)
            where TModel : INeuronModel => Execute(model, p, recurrent, drive, steps, batch, neurons, truncation, reference: false);

        public static Run Reference<TModel>(TModel model, double[] p, bool recurrent, float drive, int truncation)
            where TModel : INeuronModel => Execute(model, p, recurrent, drive, Steps, Batch, Neurons, truncation, reference: true);

        private static Run Execute<TModel>(TModel model, double[] p, bool recurrent, float drive, int steps, int batch, int neurons, int truncation,
            bool reference)
            where TModel : INeuronModel
        {
            var rng = new Rng(42);
            int rowLength = batch * neurons;
            var ff = new float[steps * rowLength];
            rng.FillUniform(ff, -drive, 2 * drive);
            float[] w = recurrent ? new float[neurons * neurons] : [];
            rng.FillUniform(w, -0.3f, 0.3f);
            float[] bias = recurrent ? new float[neurons] : [];
            rng.FillUniform(bias, -0.1f, 0.1f);
            float[] y0 = recurrent ? new float[rowLength] : [];
            for (int i = 0; i < y0.Length; i++)
            {
                y0[i] = rng.NextFloat() < 0.3f ? 1f : 0f;
            }
            var s0 = new float[rowLength];
            rng.FillUniform(s0, -0.5f, 1.5f);
            var gy = new float[steps * rowLength];
            rng.FillUniform(gy, -1, 1);
            var gFinal = new float[rowLength];
            rng.FillUniform(gFinal, -1, 1);
            var y = new float[steps * rowLength];
            var states = new float[(steps - 1) * rowLength * NeuronSequence.StoredStateSize(model)];
            var final = new float[rowLength];
            var scratch = new float[recurrent ? rowLength : 0];
            var gff = new float[steps * rowLength];
            var gs0 = new float[rowLength];
            var gy0 = new float[rowLength];
            var gw = new float[w.Length];
            var gb = new float[bias.Length];
            var gp = new double[p.Length];
            if (reference)
            {
                NeuronSequence.ForwardReference<float, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, s0, y, states, final, scratch);
                NeuronSequence.BackwardReference<float, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, y, s0, states, gy, gFinal, truncation,
                    gff, gs0, gy0, gw, gb, gp);
            }
            else
            {
                NeuronSequence.Forward<float, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, s0, y, states, final, scratch);
                NeuronSequence.Backward<float, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, y, s0, states, gy, gFinal, truncation,
                    gff, gs0, gy0, gw, gb, gp);
            }
            return new Run(y, states, final, gff, gs0, gy0, gw, gb, gp);
        }
    }
}
