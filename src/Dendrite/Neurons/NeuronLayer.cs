using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// A layer of neurons: input projection (all T steps in one GEMM, event-driven for spike inputs), optional recurrent weights,
/// and the model's recurrence fused over time in one tape node with a hand-written backward.
/// </summary>
/// <remarks>
/// Input [T, B, in] time-major, output [T, B, N]. <see cref="Step"/> runs one step for online use and gives the same outputs and
/// gradients as <see cref="ForwardSequence"/>. Subclasses supply the model and its per-neuron parameters.
/// </remarks>
public abstract class NeuronLayer<TModel> : Module
    where TModel : struct, INeuronModel
{
    private readonly List<Tensor> _neuronParameters = [];

    protected NeuronLayer(int inputs, int neurons, int currentsPerNeuron, bool recurrent, Rng rng, bool bias = false, bool recurrentBias = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neurons);
        ArgumentNullException.ThrowIfNull(rng);
        Inputs = inputs;
        Neurons = neurons;
        int width = currentsPerNeuron * neurons;
        var weight = new Tensor(width, inputs);
        float bound = 1f / MathF.Sqrt(inputs);
        Init.Uniform(weight, rng, -bound, bound);
        Weight = RegisterParameter("weight", weight).Value;
        if (bias)
        {
            var b = new Tensor(width);
            Init.Uniform(b, rng, -bound, bound);
            Bias = RegisterParameter("bias", b).Value;
        }
        if (recurrent)
        {
            var w = new Tensor(width, neurons);
            float recurrentBound = 1f / MathF.Sqrt(neurons);
            Init.Uniform(w, rng, -recurrentBound, recurrentBound);
            RecurrentWeight = RegisterParameter("recurrent_weight", w).Value;
            if (recurrentBias)
            {
                RecurrentBias = RegisterParameter("recurrent_bias", new Tensor(width)).Value;
            }
        }
    }

    public int Inputs { get; }

    public int Neurons { get; }

    /// <summary>Input projection [k·N, in].</summary>
    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    /// <summary>Recurrent weights [k·N, N], or null for the feed-forward form.</summary>
    public Tensor? RecurrentWeight { get; }

    public Tensor? RecurrentBias { get; }

    /// <summary>Heaviside spikes (default) or the surrogate's smooth function (for gradient checks).</summary>
    public SpikeFunctionMode Mode { get; set; } = SpikeFunctionMode.Heaviside;

    /// <summary>Truncated BPTT: cut the gradient through time every this many steps (0: never).</summary>
    public int Truncation { get; set; }

    /// <summary>Accumulate binary inputs event-driven (default true; dense GEMM for non-binary inputs either way).</summary>
    public bool EventDriven { get; set; } = true;

    /// <summary>The model's per-neuron parameters, in the model's order (length N, or 1 when shared).</summary>
    public IReadOnlyList<Tensor> NeuronParameters => _neuronParameters;

    /// <summary>The per-neuron dynamics for the current <see cref="Mode"/>.</summary>
    public abstract TModel CreateModel();

    /// <summary>State per neuron.</summary>
    public int StateSize => CreateModel().StateSize;

    public override Tensor Forward(Tensor input) => ForwardSequence(input).Output;

    /// <summary>The kernel the last <see cref="ForwardSequence"/> used for the input projection (for benchmarks).</summary>
    public KernelPath LastInputPath { get; private set; }

    /// <summary>Runs the whole sequence [T, B, in] as one fused node; returns outputs [T, B, N] and the final state.</summary>
    public (Tensor Output, NeuronLayerState Final) ForwardSequence(Tensor input, NeuronLayerState? initial = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != Inputs)
        {
            ThrowHelper.ThrowArgument($"{GetType().Name} expects input [T, B, {Inputs}]; got {input.Shape}.", nameof(input));
        }
        (Tensor Output, Tensor FinalState)? fused = EventDriven
            ? SpikeInputSequence.TryForward(CreateModel(), input, Weight, Bias, _neuronParameters, RecurrentWeight, RecurrentBias,
                initial?.State, initial?.Output, Truncation)
            : null;
        if (fused is null)
        {
            Tensor currents = SpikeProjection.Linear(input, Weight, Bias, EventDriven);
            LastInputPath = SpikeProjection.LastPath;
            fused = NeuronOps.Sequence(CreateModel(), currents, _neuronParameters, RecurrentWeight, RecurrentBias,
                initial?.State, initial?.Output, Truncation);
        }
        else
        {
            // The fused spike-input node accumulates the currents from spike indices.
            LastInputPath = KernelPath.EventDriven;
        }
        (Tensor output, Tensor finalState) = fused.Value;
        Tensor lastOutput = output.Shape[0] == 0 ? initial?.Output ?? new Tensor(input.Shape[1], Neurons) : output[output.Shape[0] - 1];
        return (output, new NeuronLayerState(finalState, lastOutput));
    }

    /// <summary>One step for online use: input [B, in] → output [B, N] and the next state.</summary>
    public (Tensor Output, NeuronLayerState State) Step(Tensor input, NeuronLayerState? state = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != Inputs)
        {
            ThrowHelper.ThrowArgument($"{GetType().Name}.Step expects input [B, {Inputs}]; got {input.Shape}.", nameof(input));
        }
        (Tensor output, NeuronLayerState next) = ForwardSequence(input.Reshape(1, input.Shape[0], Inputs), state);
        return (output[0], next);
    }

    /// <summary>A zero state for a batch (the default when none is given).</summary>
    public NeuronLayerState ZeroState(int batch) => new(new Tensor(batch, Neurons, StateSize), new Tensor(batch, Neurons));

    /// <summary>Registers a per-neuron parameter: a learnable <see cref="Parameter"/> when <paramref name="learnable"/>, else a buffer.</summary>
    protected Tensor AddNeuronParameter(string name, Tensor value, bool learnable)
    {
        Tensor tensor = learnable ? RegisterParameter(name, value).Value : RegisterBuffer(name, value);
        tensor.Name ??= name;
        _neuronParameters.Add(tensor);
        return tensor;
    }

    /// <summary>A tensor of N copies of a value.</summary>
    protected Tensor Filled(double value) => Tensor.Full((float)value, Neurons);
}
