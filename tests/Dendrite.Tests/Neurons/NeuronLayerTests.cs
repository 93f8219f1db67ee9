using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

/// <summary>Layer-level properties every model shares: fused = step-by-step, smooth-mode gradient checks, truncation, event-driven inputs.</summary>
public sealed class NeuronLayerTests
{
    public static TheoryData<string> Models() => new("lif", "lif-same-step", "if", "li", "cuba", "cuba-norse", "plif",
        "alif-yin", "alif-yin-original", "alif-eprop", "alif-lsnn", "rf", "brf", "egru");

    [Theory]
    [MemberData(nameof(Models))]
    public void FusedAndStepByStepGiveIdenticalOutputsAndGradients(string name) => Dispatch(name, new FusedVersusStep());

    [Theory]
    [MemberData(nameof(Models))]
    public void StepByStepGradientsMatchFiniteDifferencesInSmoothMode(string name) => Dispatch(name, new StepGradientCheck());

    [Theory]
    [MemberData(nameof(Models))]
    public void TruncatedBpttCutsTheGradientEveryKSteps(string name) => Dispatch(name, new TruncationCheck());

    [Theory]
    [MemberData(nameof(Models))]
    public void EventDrivenInputMatchesDense(string name) => Dispatch(name, new EventDrivenCheck());

    private interface ILayerCheck
    {
        void Run<TModel>(Func<NeuronLayer<TModel>> create)
            where TModel : struct, INeuronModel;
    }

    private const int Inputs = 4;
    private const int Neurons = 5;

    private static void Dispatch(string name, ILayerCheck check)
    {
        var smoothSurrogate = new Arctan(1.0);
        switch (name)
        {
            case "lif": check.Run(() => new LifLayer(Inputs, Neurons, new Rng(1), new LifParameters { DetachReset = false, LearnBeta = true, LearnThreshold = true, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "lif-same-step": check.Run(() => new LifLayer(Inputs, Neurons, new Rng(1), new LifParameters { Timing = ResetTiming.SameStep, Reset = ResetMode.Zero, DetachReset = false, Surrogate = smoothSurrogate }, recurrent: true, bias: true)); break;
            case "if": check.Run(() => new LifLayer(Inputs, Neurons, new Rng(1), LifParameters.IntegrateAndFire() with { DetachReset = false, Surrogate = smoothSurrogate }, recurrent: false)); break;
            case "li": check.Run(() => new LiLayer(Inputs, Neurons, new Rng(1), new LiParameters { Tau = 4, Learnable = true })); break;
            case "cuba": check.Run(() => new CubaLifLayer(Inputs, Neurons, new Rng(1), new CubaLifParameters { DetachReset = false, LearnDecays = true, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "cuba-norse": check.Run(() => new CubaLifLayer(Inputs, Neurons, new Rng(1), CubaLifParameters.Norse() with { Dt = 0.01, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "plif": check.Run(() => new PlifLayer(Inputs, Neurons, new Rng(1), new PlifParameters { Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "alif-yin": check.Run(() => new AlifLayer(Inputs, Neurons, new Rng(1), AlifParameters.Yin2021() with { BaseThreshold = 0.3, LearnTimeConstants = true, TauMembrane = 4, TauAdaptation = 6, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "alif-yin-original": check.Run(() => new AlifLayer(Inputs, Neurons, new Rng(1), AlifParameters.Yin2021(true) with { BaseThreshold = 0.3, TauMembrane = 4, TauAdaptation = 6, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "alif-eprop": check.Run(() => new AlifLayer(Inputs, Neurons, new Rng(1), AlifParameters.EProp() with { BaseThreshold = 0.5, DetachReset = false, TauMembrane = 4, TauAdaptation = 6, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "alif-lsnn": check.Run(() => new AlifLayer(Inputs, Neurons, new Rng(1), AlifParameters.Lsnn() with { BaseThreshold = 0.5, TauMembrane = 4, TauAdaptation = 6, Surrogate = smoothSurrogate }, recurrent: true)); break;
            case "rf": check.Run(() => new ResonateLayer(Inputs, Neurons, new Rng(1), ResonateParameters.Rf() with { Dt = 0.05, Surrogate = smoothSurrogate, DampingMin = 0.5, DampingMax = 1 })); break;
            case "brf": check.Run(() => new ResonateLayer(Inputs, Neurons, new Rng(1), new ResonateParameters { Dt = 0.05, Surrogate = smoothSurrogate, DampingMin = 0.5, DampingMax = 1 })); break;
            case "egru": check.Run(() => new EgruLayer(Inputs, Neurons, new Rng(1), new EgruParameters { Surrogate = smoothSurrogate })); break;
            default: throw new InvalidOperationException(name);
        }
    }

    private static Tensor Input(int steps, int batch, float scale) => TestData.Uniform(77, -scale, scale, steps, batch, Inputs);

    private static float Scale<TModel>(NeuronLayer<TModel> layer)
        where TModel : struct, INeuronModel => layer is ResonateLayer ? 40f : 3f;

    private static Tensor RunSteps<TModel>(NeuronLayer<TModel> layer, Tensor x)
        where TModel : struct, INeuronModel
    {
        NeuronLayerState? state = null;
        var outputs = new List<Tensor>();
        for (int t = 0; t < x.Shape[0]; t++)
        {
            (Tensor y, state) = layer.Step(x[t], state);
            outputs.Add(y);
        }
        return Ops.Stack(outputs);
    }

    private static Dictionary<string, float[]> Gradients(Module module, Func<Tensor> loss)
    {
        module.ZeroGrad();
        using (var tape = new Tape())
        {
            tape.Backward(loss());
        }
        return module.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.ToArray() ?? []);
    }

    private sealed class FusedVersusStep : ILayerCheck
    {
        public void Run<TModel>(Func<NeuronLayer<TModel>> create)
            where TModel : struct, INeuronModel
        {
            NeuronLayer<TModel> layer = create();
            Tensor x = Input(9, 3, Scale(layer));
            Tensor weights = TestData.Uniform(5, 0.5f, 1.5f, 9, 3, Neurons);
            Tensor fused = null!;
            Tensor stepped = null!;
            Dictionary<string, float[]> fusedGrads = Gradients(layer, () => Ops.Sum(Ops.Multiply(fused = layer.Forward(x), weights)));
            Dictionary<string, float[]> stepGrads = Gradients(layer, () => Ops.Sum(Ops.Multiply(stepped = RunSteps(layer, x), weights)));
            Assert.Equal(fused.ToArray(), stepped.ToArray());
            Assert.Contains(fused.ToArray(), v => v != 0f);
            foreach ((string parameter, float[] expected) in fusedGrads)
            {
                float[] actual = stepGrads[parameter];
                Assert.Equal(expected.Length, actual.Length);
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected[i])),
                        $"{parameter}[{i}]: fused {expected[i]}, step-by-step {actual[i]}");
                }
            }
        }
    }

    private sealed class StepGradientCheck : ILayerCheck
    {
        public void Run<TModel>(Func<NeuronLayer<TModel>> create)
            where TModel : struct, INeuronModel
        {
            NeuronLayer<TModel> layer = create();
            layer.Mode = SpikeFunctionMode.Smooth;
            Tensor x = Input(5, 2, Scale(layer) / 2);
            x.RequiresGrad = true;
            var inputs = new List<Tensor> { x };
            inputs.AddRange(layer.Parameters().Select(p => p.Value));
            GradCheck.Assert(() => RunSteps(layer, x), inputs, step: 1e-2, relativeTolerance: 2e-3, absoluteTolerance: 2e-4, maxElements: 12);
        }
    }

    private sealed class TruncationCheck : ILayerCheck
    {
        public void Run<TModel>(Func<NeuronLayer<TModel>> create)
            where TModel : struct, INeuronModel
        {
            NeuronLayer<TModel> layer = create();
            int steps = 10;
            int k = 4;
            Tensor x = Input(steps, 2, Scale(layer));
            x.RequiresGrad = true;
            float[] Grad(int truncation)
            {
                layer.Truncation = truncation;
                x.Grad?.Span.Clear();
                using var tape = new Tape();
                Tensor y = layer.Forward(x);
                tape.Backward(Ops.Sum(y[steps - 1]));
                return x.Grad!.ToArray();
            }
            float[] full = Grad(0);
            float[] truncated = Grad(k);
            int row = 2 * Inputs;
            // The last window is steps 8..9 (cuts after steps 3 and 7): inside it the gradient is untouched, before it zero.
            for (int t = 0; t < steps; t++)
            {
                for (int i = 0; i < row; i++)
                {
                    float expected = t >= 8 ? full[t * row + i] : 0f;
                    Assert.True(Math.Abs(expected - truncated[t * row + i]) <= 1e-6f, $"step {t}: expected {expected}, got {truncated[t * row + i]}");
                }
            }
            Assert.Contains(full.Take(8 * row), v => v != 0f);
        }
    }

    private sealed class EventDrivenCheck : ILayerCheck
    {
        public void Run<TModel>(Func<NeuronLayer<TModel>> create)
            where TModel : struct, INeuronModel
        {
            NeuronLayer<TModel> layer = create();
            // Activity below SpikeProjection.EventDrivenMaxActivity, so the event path really runs.
            var spikes = new Tensor(8, 3, Inputs);
            Span<float> values = spikes.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = i % 50 == 7 ? 1f : 0f;
            }
            double activity = EventAccumulation.ActiveFraction(values);
            Assert.InRange(activity, 0.001, SpikeProjection.EventDrivenMaxActivity);
            Tensor dense = null!;
            Tensor events = null!;
            layer.EventDriven = false;
            Dictionary<string, float[]> denseGrads = Gradients(layer, () => Ops.Sum(dense = layer.Forward(spikes)));
            layer.EventDriven = true;
            Dictionary<string, float[]> eventGrads = Gradients(layer, () => Ops.Sum(events = layer.Forward(spikes)));
            float[] a = dense.ToArray();
            float[] b = events.ToArray();
            for (int i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5f, $"output {i}: dense {a[i]}, events {b[i]}");
            }
            foreach ((string parameter, float[] expected) in denseGrads)
            {
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(Math.Abs(expected[i] - eventGrads[parameter][i]) <= 1e-4f * Math.Max(1f, Math.Abs(expected[i])),
                        $"{parameter}[{i}]: dense {expected[i]}, events {eventGrads[parameter][i]}");
                }
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    public void EventAccumulationKernelsMatchTheirDenseReferences(double activity)
    {
        var rng = new Rng(12);
        foreach ((int rows, int inputs, int outputs) in new[] { (1, 1, 1), (7, 33, 5), (16, 100, 17), (3, 257, 64) })
        {
            var x = new float[rows * inputs];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.NextFloat() < activity ? 1f : 0f;
            }
            var w = new float[inputs * outputs];
            rng.FillUniform(w, -1, 1);
            var g = new float[rows * outputs];
            rng.FillUniform(g, -1, 1);
            var y = new float[rows * outputs];
            var yRef = new float[rows * outputs];
            EventAccumulation.Forward(rows, inputs, outputs, x, w, y);
            EventAccumulation.ForwardReference(rows, inputs, outputs, x, w, yRef);
            var gw = new float[inputs * outputs];
            var gwRef = new float[inputs * outputs];
            EventAccumulation.WeightGradient(rows, inputs, outputs, x, g, gw);
            EventAccumulation.WeightGradientReference(rows, inputs, outputs, x, g, gwRef);
            for (int i = 0; i < y.Length; i++)
            {
                Assert.Equal(yRef[i], y[i], 1e-4f);
            }
            for (int i = 0; i < gw.Length; i++)
            {
                Assert.Equal(gwRef[i], gw[i], 1e-4f);
            }
            Assert.True(EventAccumulation.IsBinary(x));
        }
        Assert.False(EventAccumulation.IsBinary([0f, 0.5f]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FusedLifLayerSavesOnlyItsStates(bool recurrent)
    {
        const int steps = 50, batch = 8, neurons = 32;
        var layer = new LifLayer(10, neurons, new Rng(3), recurrent: recurrent);
        var x = new Tensor(steps, batch, 10);
        new Rng(4).FillUniform(x.Span, 0, 1);
        using var tape = new Tape();
        layer.Forward(x);
        long saved = tape.Nodes.OfType<NeuronOps.ISavedContext>().Single().SavedBytes;
        // The membranes before steps 1..T − 1 and the initial one ([T, B, N] floats), the initial output [B, N] when recurrent,
        // β and θ per neuron in double; no final state (an output), no per-step recurrent currents (recomputed in the backward)
        // and no copy of the output spikes.
        long expected = (long)steps * batch * neurons * sizeof(float) + (recurrent ? batch * neurons * sizeof(float) : 0) + 2 * neurons * sizeof(double);
        Assert.Equal(expected, saved);
    }

    [Fact]
    public void FusedAlifLayerDoesNotStoreItsPreviousSpikes()
    {
        const int steps = 50, batch = 8, neurons = 32;
        var layer = new AlifLayer(10, neurons, new Rng(3), recurrent: true);
        var x = new Tensor(steps, batch, 10);
        new Rng(4).FillUniform(x.Span, 0, 1);
        using var tape = new Tape();
        layer.Forward(x);
        long saved = tape.Nodes.OfType<NeuronOps.ISavedContext>().Single().SavedBytes;
        // State [v, a, z_prev]: z_prev is the previous output, so steps 1..T − 1 store only v and a; the initial state is stored whole.
        long expected = ((steps - 1L) * batch * neurons * 2 + batch * neurons * 3 + batch * neurons) * sizeof(float) + 4 * neurons * sizeof(double);
        Assert.Equal(expected, saved);
    }
}
