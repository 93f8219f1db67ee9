using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

/// <summary>
/// The fused spike-input layer (<see cref="SpikeInputSequence"/>: currents recomputed from spike indices, states checkpointed per
/// segment of ⌈√T⌉ steps and replayed in the backward, or for small layers one segment whose buffers are kept) against the
/// unfused path it replaces: the event-driven projection as its own node, then <see cref="NeuronOps.Sequence"/> storing every
/// state. T = 23 gives segments of 5 with a short last one;
/// 13 neurons give a vector of 8 and a scalar tail; truncation 4 cuts inside and across segments.
/// </summary>
public sealed class SpikeInputSequenceTests
{
    private const int Steps = 23, Batch = 3, Inputs = 40, Neurons = 13;

    [Theory]
    [InlineData(true, 0, false)]
    [InlineData(true, 4, true)]
    [InlineData(false, 0, true)]
    [InlineData(false, 5, false)]
    public void LifMatchesTheUnfusedLayer(bool recurrent, int truncation, bool withInitialState)
    {
        var config = new LifParameters { Beta = 0.9, Threshold = 0.3, Surrogate = new FastSigmoid(25.0) };
        var layer = new LifLayer(Inputs, Neurons, new Rng(11), config, recurrent: recurrent, bias: true) { Truncation = truncation };
        Compare(layer, withInitialState);
    }

    [Fact]
    public void LiMatchesTheUnfusedLayer()
    {
        var layer = new LiLayer(Inputs, Neurons, new Rng(12), new LiParameters { Form = LiForm.Leaky, Beta = 0.8 }, bias: true);
        Compare(layer, withInitialState: true);
    }

    [Fact]
    public void DenseOrNonBinaryInputsTakeTheUnfusedPath()
    {
        var layer = new LifLayer(Inputs, Neurons, new Rng(13), recurrent: true);
        Tensor halves = Spikes(0.03f, 14);
        System.Numerics.Tensors.TensorPrimitives.Multiply(halves.Span, 0.5f, halves.Span);
        foreach (Tensor x in new[] { Spikes(0.3f, 14), halves })
        {
            using var tape = new Tape();
            layer.Forward(x);
            Assert.DoesNotContain(tape.Nodes, n => n.Name.StartsWith("SpikeInputSequence", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SavesSpikeIndicesAndCheckpointsInsteadOfCurrentsAndStates(bool checkpointed)
    {
        const int steps = 100, batch = 4, neurons = 32, inputs = 50;
        var layer = new LifLayer(inputs, neurons, new Rng(3), recurrent: true, bias: true);
        var x = new Tensor(steps, batch, inputs);
        int spikes = 0;
        for (int i = 0; i < x.Length; i += 37)
        {
            x.Span[i] = 1f;
            spikes++;
        }
        using var tape = new Tape();
        SpikeInputSequence.TryForward(layer.CreateModel(), x, layer.Weight, layer.Bias, layer.NeuronParameters, layer.RecurrentWeight,
            null, null, null, 0, checkpointed ? 0 : SpikeInputSequence.DefaultKeepLimit);
        long saved = tape.Nodes.OfType<NeuronOps.ISavedContext>().Single().SavedBytes;
        // Spike indices (one int per spike, T·B + 1 row starts), the input weight transposed and the bias, the recurrent weight
        // transposed, the initial state and output, β and θ in double; then either the state before segments 2..10 of 10 steps
        // (⌈√100⌉), or the one segment's currents [T, B, N], states [T − 1, B, N] and recurrent currents [T, B, N].
        long perStep = (long)batch * neurons;
        long buffers = checkpointed ? 9 * perStep : (3L * steps - 1) * perStep;
        long expected = (spikes + steps * batch + 1L) * sizeof(int)
            + ((long)inputs * neurons + neurons + (long)neurons * neurons + 2 * perStep + buffers) * sizeof(float)
            + 2L * neurons * sizeof(double);
        Assert.Equal(expected, saved);
        if (checkpointed)
        {
            // The unfused layer keeps the currents and the states, [T, B, N] each: here that is over 4× more.
            Assert.True(saved * 4 < 2L * steps * batch * neurons * sizeof(float));
        }
    }

    private static void Compare<TModel>(NeuronLayer<TModel> layer, bool withInitialState)
        where TModel : struct, INeuronModel
    {
        Tensor x = Spikes(0.03f, 21);
        var weights = new Rng(22);
        var gradOutput = new Tensor(Steps, Batch, Neurons);
        weights.FillNormal(gradOutput.Span, 0, 1);
        var gradFinal = new Tensor(Batch, Neurons, 1);
        weights.FillNormal(gradFinal.Span, 0, 1);
        NeuronLayerState? initial = null;
        if (withInitialState)
        {
            initial = layer.ZeroState(Batch);
            weights.FillUniform(initial.State.Span, -0.5f, 0.5f);
            initial.Output.Span[3] = 1f;
            initial.State.RequiresGrad = true;
            initial.Output.RequiresGrad = true;
        }
        (Tensor plainOut, Tensor plainFinal, Dictionary<string, float[]> plain) = Run(layer, x, initial, gradOutput, gradFinal, keepLimit: null);
        // Through the layer (small: one kept segment), and checkpointed every 5 steps.
        foreach (long keepLimit in new[] { SpikeInputSequence.DefaultKeepLimit, 0L })
        {
            (Tensor fusedOut, Tensor fusedFinal, Dictionary<string, float[]> fused) = Run(layer, x, initial, gradOutput, gradFinal, keepLimit);
            Assert.True(fusedOut.Span.SequenceEqual(plainOut.Span), "outputs differ");
            Assert.True(fusedFinal.Span.SequenceEqual(plainFinal.Span), "final states differ");
            Assert.Equal(plain.Keys.Order(), fused.Keys.Order());
            foreach ((string name, float[] expected) in plain)
            {
                float[] actual = fused[name];
                float scale = Math.Max(1f, expected.Max(MathF.Abs));
                for (int i = 0; i < expected.Length; i++)
                {
                    Assert.True(MathF.Abs(expected[i] - actual[i]) <= 1e-5f * scale, $"{name}[{i}] (keep ≤ {keepLimit}): {actual[i]} against {expected[i]}");
                }
            }
        }
    }

    private static (Tensor Output, Tensor Final, Dictionary<string, float[]> Gradients) Run<TModel>(NeuronLayer<TModel> layer, Tensor x,
        NeuronLayerState? initial, Tensor gradOutput, Tensor gradFinal, long? keepLimit)
        where TModel : struct, INeuronModel
    {
        var tensors = layer.NamedParameters().Select(p => (p.Name, p.Parameter.Value)).ToList();
        if (initial is not null)
        {
            tensors.Add(("initial.state", initial.State));
            tensors.Add(("initial.output", initial.Output));
        }
        foreach ((_, Tensor t) in tensors)
        {
            t.Grad = null;
        }
        Tensor output, final;
        using (var tape = new Tape())
        {
            if (keepLimit == SpikeInputSequence.DefaultKeepLimit)
            {
                (output, NeuronLayerState state) = layer.ForwardSequence(x, initial);
                final = state.State;
                Assert.Contains(tape.Nodes, n => n.Name.StartsWith("SpikeInputSequence", StringComparison.Ordinal));
            }
            else if (keepLimit is long limit)
            {
                (output, final) = SpikeInputSequence.TryForward(layer.CreateModel(), x, layer.Weight, layer.Bias, layer.NeuronParameters,
                    layer.RecurrentWeight, layer.RecurrentBias, initial?.State, initial?.Output, layer.Truncation, limit)!.Value;
            }
            else
            {
                Tensor currents = SpikeProjection.Linear(x, layer.Weight, layer.Bias);
                (output, final) = NeuronOps.Sequence(layer.CreateModel(), currents, layer.NeuronParameters, layer.RecurrentWeight,
                    layer.RecurrentBias, initial?.State, initial?.Output, layer.Truncation);
            }
            Tensor loss = Ops.Add(Ops.Sum(Ops.Multiply(output, gradOutput)), Ops.Sum(Ops.Multiply(final, gradFinal)));
            tape.Backward(loss);
        }
        var gradients = tensors.Where(t => t.Item2.Grad is not null).ToDictionary(t => t.Item1, t => t.Item2.Grad!.ToArray());
        return (output, final, gradients);
    }

    private static Tensor Spikes(float rate, ulong seed)
    {
        var x = new Tensor(Steps, Batch, Inputs);
        var p = Tensor.Full(rate, Inputs);
        var rng = new Rng(seed);
        for (int r = 0; r < Steps * Batch; r++)
        {
            rng.FillBernoulli(x.Span.Slice(r * Inputs, Inputs), p.Span);
        }
        return x;
    }
}
