using Dendrite.Learning.EProp;
using Dendrite.Neurons;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.EProp;

/// <summary>
/// The reference network of learning.md §11.2 built twice: as library layers (ALIF Bellec 2020 variant with β = 0 for
/// the two LIF units, Leaky LI readout with β = κ) for e-prop, and as <see cref="AlifBpttReference"/> for BPTT.
/// </summary>
internal sealed class EPropReferenceSetup
{
    public const int Inputs = 3;
    public const int Neurons = 5;
    public const int Outputs = 2;
    public const int Steps = 40;
    public const int Batch = 2;

    public EPropReferenceSetup(bool recurrent, bool detachReset, ulong seed = 3)
    {
        var rng = new Rng(seed);
        Hidden = new AlifLayer(Inputs, Neurons, rng, AlifParameters.EProp() with
        {
            TauMembrane = 20,
            TauAdaptation = 200,
            BaseThreshold = 0.6,
            AdaptationStrength = 0.5,
            DetachReset = detachReset,
            Surrogate = new Triangle(0.3),
        }, recurrent);
        Hidden.NeuronParameters[3].Span[0] = 0f; // β = 0: LIF units
        Hidden.NeuronParameters[3].Span[1] = 0f;
        rng.FillNormal(Hidden.Weight.Span, 0f, 1.2f);
        if (Hidden.RecurrentWeight is { } w)
        {
            rng.FillNormal(w.Span, 0f, 0.8f);
            for (int j = 0; j < Neurons; j++)
            {
                w.Span[j * Neurons + j] = 0f;
            }
        }
        Readout = new LiLayer(Neurons, Outputs, rng, new LiParameters { Form = LiForm.Leaky, Beta = Math.Exp(-0.1) });
        rng.FillNormal(Readout.Weight.Span, 0f, 1f);
        Input = new float[Steps * Batch * Inputs];
        rng.FillBernoulli(Input, Enumerable.Repeat(0.3f, Input.Length).ToArray());
        var target = new float[Steps * Batch * Outputs];
        rng.FillNormal(target, 0f, 1f);
        Target = target.Select(v => (double)v).ToArray();
        double[] beta = Hidden.NeuronParameters[3].ToArray().Select(v => (double)v).ToArray();
        Reference = new AlifBpttReference(Inputs, Neurons, Outputs, Math.Exp(-1.0 / 20f), Math.Exp(-1.0 / 200f),
            (float)Math.Exp(-0.1), 0.6f, 0.3, beta, detachReset);
    }

    public AlifLayer Hidden { get; }

    public LiLayer Readout { get; }

    public float[] Input { get; }

    public double[] Target { get; }

    public AlifBpttReference Reference { get; }

    public EPropLearner<AlifModel> Learner(EPropFeedback feedback = EPropFeedback.Symmetric) =>
        new(Hidden, Readout, feedback, new Rng(99));

    public (double[] Input, double[] Recurrent, double[] Readout, double[] Signal) Bptt() => Reference.Gradients(
        ToDouble(Hidden.Weight), Hidden.RecurrentWeight is null ? null : ToDouble(Hidden.RecurrentWeight), ToDouble(Readout.Weight),
        Input, Target, Steps, Batch);

    /// <summary>Runs e-prop with the partial signal δ^t = y^t − y*^t (MSE), calling <paramref name="afterStep"/> after each step.</summary>
    public void RunEProp(IEPropLearner learner, Action<int>? afterStep = null, bool signal = true)
    {
        learner.Reset(Batch);
        var delta = new double[Batch * Outputs];
        for (int t = 0; t < Steps; t++)
        {
            learner.Step(Input.AsSpan(t * Batch * Inputs, Batch * Inputs));
            for (int i = 0; i < delta.Length; i++)
            {
                delta[i] = learner.Output[i] - Target[t * Batch * Outputs + i];
            }
            if (signal)
            {
                learner.AccumulateSignal(delta);
            }
            afterStep?.Invoke(t);
        }
    }

    /// <summary>max|a − b| / max|reference| (learning.md §11.2's error metric).</summary>
    public static double RelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> reference)
    {
        Assert.Equal(reference.Length, actual.Length);
        double error = 0;
        double scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            error = Math.Max(error, Math.Abs(actual[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs(reference[i]));
        }
        Assert.True(scale > 0, "the reference gradient is all zero: the setup does not exercise anything");
        return error / scale;
    }

    private static double[] ToDouble(Tensor t) => t.ToArray().Select(v => (double)v).ToArray();
}
