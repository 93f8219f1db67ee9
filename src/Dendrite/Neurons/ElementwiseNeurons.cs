using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// Neurons acting element-wise on a time-major input of any shape [T, B, ...] (a conv or pool output [T, B, C, H, W]):
/// one neuron per element, no input projection of their own, the recurrence over all elements as one fused node.
/// </summary>
/// <remarks>
/// The dynamics and parameters come from a one-neuron, non-recurrent <see cref="NeuronLayer{TModel}"/> (the prototype),
/// so every neuron kind works unchanged; its neuron parameters are shared by all elements (as SpikingJelly's
/// conv-SNN neurons share τ and θ) and re-registered here under their own names. The prototype's own projection is unused.
/// </remarks>
public sealed class ElementwiseNeurons<TModel> : Module
    where TModel : struct, INeuronModel
{
    private readonly NeuronLayer<TModel> _prototype;

    public ElementwiseNeurons(NeuronLayer<TModel> prototype)
    {
        ArgumentNullException.ThrowIfNull(prototype);
        if (prototype.Neurons != 1 || prototype.RecurrentWeight is not null || prototype.CreateModel().Currents != 1)
        {
            ThrowHelper.ThrowArgument($"Element-wise neurons need a one-neuron, non-recurrent, one-current prototype; got {prototype}.", nameof(prototype));
        }
        _prototype = prototype;
        HashSet<Tensor> learnable = prototype.Parameters().Select(p => p.Value).ToHashSet();
        foreach (Tensor parameter in prototype.NeuronParameters)
        {
            string name = parameter.Name ?? throw new ArgumentException("A neuron parameter has no name.", nameof(prototype));
            if (learnable.Contains(parameter))
            {
                RegisterParameter(name, parameter);
            }
            else
            {
                RegisterBuffer(name, parameter);
            }
        }
    }

    /// <summary>The shared per-neuron parameters (each of length 1), in the model's order.</summary>
    public IReadOnlyList<Tensor> NeuronParameters => _prototype.NeuronParameters;

    /// <summary>Heaviside spikes (default) or the surrogate's smooth function (for gradient checks).</summary>
    public SpikeFunctionMode Mode
    {
        get => _prototype.Mode;
        set => _prototype.Mode = value;
    }

    /// <summary>Truncated BPTT: cut the gradient through time every this many steps (0: never).</summary>
    public int Truncation { get; set; }

    /// <summary>The per-neuron dynamics for the current <see cref="Mode"/>.</summary>
    public TModel CreateModel() => _prototype.CreateModel();

    public override Tensor Forward(Tensor input) => ForwardSequence(input).Output;

    /// <summary>Runs the sequence [T, B, ...] from <paramref name="initialState"/> ([B, elements, S], default zeros);
    /// returns outputs of the input's shape and the final state.</summary>
    public (Tensor Output, Tensor FinalState) ForwardSequence(Tensor input, Tensor? initialState = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank < 3)
        {
            ThrowHelper.ThrowArgument($"Element-wise neurons expect a time-major input [T, B, ...]; got {input.Shape}.", nameof(input));
        }
        // A reshape is a view sharing values and gradient, so the fused node sees [T, B, elements] without a copy.
        Tensor currents = input.Reshape(input.Shape[0], input.Shape[1], -1);
        (Tensor output, Tensor final) = NeuronOps.Sequence(CreateModel(), currents, NeuronParameters, initialState: initialState, truncation: Truncation);
        return (output.Reshape(input.Shape.Lengths.ToArray()), final);
    }

    public override string ToString() => $"ElementwiseNeurons<{typeof(TModel).Name}>";
}
