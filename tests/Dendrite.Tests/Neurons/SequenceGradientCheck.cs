using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

/// <summary>
/// Double-precision finite-difference check of the fused kernel's backward through time (smooth mode):
/// L = Σ w·y + Σ v·s_T over random currents, recurrent weights, initial state/output and parameters.
/// </summary>
internal static class SequenceGradientCheck
{
    public static void Check<TModel>(TModel model, double[] parameters, int steps, int batch, int neurons, bool recurrent,
        ulong seed, double currentScale = 1.0, double recurrentScale = 0.5, double stateScale = 0.3, double[]? parameterMask = null)
        where TModel : INeuronModel
    {
        int k = model.Currents;
        int width = k * neurons;
        int stateSize = model.StateSize;
        int stored = NeuronSequence.StoredStateSize(model);
        var rng = new Rng(seed);
        double[] ff = Random(rng, steps * batch * width, currentScale);
        double[] w = recurrent ? Random(rng, width * neurons, recurrentScale) : [];
        double[] bias = recurrent ? Random(rng, width, 0.2) : [];
        double[] s0 = Random(rng, batch * neurons * stateSize, stateScale);
        double[] y0 = recurrent ? Random(rng, batch * neurons, 0.5) : [];
        double[] outputWeights = Random(rng, steps * batch * neurons, 1.0);
        double[] stateWeights = Random(rng, batch * neurons * stateSize, 1.0);
        double[] p = (double[])parameters.Clone();

        double Loss()
        {
            var states = new double[Math.Max(steps - 1, 0) * batch * neurons * stored];
            var final = new double[batch * neurons * stateSize];
            var y = new double[steps * batch * neurons];
            var rec = new double[recurrent ? batch * width : 0];
            NeuronSequence.Forward<double, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, s0, y, states, final, rec);
            double sum = 0;
            for (int i = 0; i < y.Length; i++)
            {
                sum += outputWeights[i] * y[i];
            }
            for (int i = 0; i < stateWeights.Length; i++)
            {
                sum += stateWeights[i] * final[i];
            }
            return sum;
        }

        var statesA = new double[Math.Max(steps - 1, 0) * batch * neurons * stored];
        var finalA = new double[batch * neurons * stateSize];
        var yA = new double[steps * batch * neurons];
        var recA = new double[recurrent ? batch * width : 0];
        NeuronSequence.Forward<double, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, s0, yA, statesA, finalA, recA);
        var gFf = new double[ff.Length];
        var gS0 = new double[s0.Length];
        var gY0 = new double[batch * neurons];
        var gW = new double[w.Length];
        var gB = new double[bias.Length];
        var gP = new double[p.Length];
        NeuronSequence.Backward<double, TModel>(model, steps, batch, neurons, ff, p, w, bias, y0, yA, s0, statesA,
            outputWeights, stateWeights, 0, gFf, gS0, gY0, gW, gB, gP);

        StepByStepMatchesFused(model, steps, batch, neurons, recurrent, ff, p, w, bias, s0, y0, outputWeights, stateWeights, gFf, gS0, gY0, gW, gB, gP);
        Compare("currents", ff, gFf, Loss, rng);
        Compare("initial state", s0, gS0, Loss, rng);
        if (recurrent)
        {
            Compare("recurrent weight", w, gW, Loss, rng);
            Compare("recurrent bias", bias, gB, Loss, rng);
            Compare("initial output", y0, gY0.AsSpan(0, y0.Length).ToArray(), Loss, rng);
        }
        Compare("parameters", p, gP, Loss, rng, parameterMask);
    }

    /// <summary>The step-by-step form (the kernel with T = 1, chained through state and output) in double gives the fused gradients.</summary>
    private static void StepByStepMatchesFused<TModel>(TModel model, int steps, int batch, int neurons, bool recurrent,
        double[] ff, double[] p, double[] w, double[] bias, double[] s0, double[] y0, double[] outputWeights, double[] stateWeights,
        double[] gFf, double[] gS0, double[] gY0, double[] gW, double[] gB, double[] gP)
        where TModel : INeuronModel
    {
        int width = model.Currents * neurons;
        int stepState = batch * neurons * model.StateSize;
        var stateSeq = new double[steps + 1][];
        var outSeq = new double[steps + 1][];
        stateSeq[0] = s0;
        outSeq[0] = recurrent ? y0 : new double[batch * neurons];
        for (int t = 0; t < steps; t++)
        {
            var next = new double[stepState];
            var y = new double[batch * neurons];
            var rec = new double[recurrent ? batch * width : 0];
            NeuronSequence.Forward<double, TModel>(model, 1, batch, neurons, ff.AsSpan(t * batch * width, batch * width), p, w, bias,
                recurrent ? outSeq[t] : [], stateSeq[t], y, [], next, rec);
            stateSeq[t + 1] = next;
            outSeq[t + 1] = y;
        }
        double[] gState = stateWeights;
        var gOut = new double[batch * neurons];
        var sFf = new double[ff.Length];
        var sW = new double[w.Length];
        var sB = new double[bias.Length];
        var sP = new double[p.Length];
        for (int t = steps - 1; t >= 0; t--)
        {
            var gy = new double[batch * neurons];
            for (int i = 0; i < gy.Length; i++)
            {
                gy[i] = outputWeights[t * batch * neurons + i] + gOut[i];
            }
            var gS = new double[stepState];
            var gO = new double[batch * neurons];
            NeuronSequence.Backward<double, TModel>(model, 1, batch, neurons, ff.AsSpan(t * batch * width, batch * width), p, w, bias,
                recurrent ? outSeq[t] : [], outSeq[t + 1], stateSeq[t], [], gy, gState, 0,
                sFf.AsSpan(t * batch * width, batch * width), gS, gO, sW, sB, sP);
            gState = gS;
            gOut = gO;
        }
        AssertSame("step-by-step currents", gFf, sFf);
        AssertSame("step-by-step initial state", gS0, gState);
        AssertSame("step-by-step parameters", gP, sP);
        if (recurrent)
        {
            AssertSame("step-by-step recurrent weight", gW, sW);
            AssertSame("step-by-step recurrent bias", gB, sB);
            AssertSame("step-by-step initial output", gY0, gOut);
        }
    }

    private static void AssertSame(string what, double[] expected, double[] actual)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-12 * Math.Max(1.0, Math.Abs(expected[i])), $"{what}[{i}]: fused {expected[i]:R}, step-by-step {actual[i]:R}");
        }
    }

    private static void Compare(string what, double[] values, double[] analytic, Func<double> loss, Rng rng, double[]? mask = null)
    {
        int checks = Math.Min(values.Length, 40);
        int[] order = rng.Permutation(values.Length);
        for (int c = 0; c < checks; c++)
        {
            int i = order[c];
            if (mask is not null && mask[i] == 0)
            {
                continue;
            }
            double original = values[i];
            double h = 1e-6 * Math.Max(1.0, Math.Abs(original));
            values[i] = original + h;
            double up = loss();
            values[i] = original - h;
            double down = loss();
            values[i] = original;
            double numeric = (up - down) / (2 * h);
            double error = Math.Abs(numeric - analytic[i]);
            Assert.True(error <= 1e-6 + 1e-5 * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])),
                $"{what}[{i}]: analytic {analytic[i]:G10}, numerical {numeric:G10}");
        }
    }

    private static double[] Random(Rng rng, int length, double scale)
    {
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = scale * (2 * rng.NextFloat() - 1);
        }
        return values;
    }
}
