using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// A neuron layer's membrane potential over time, which the fused sequence kernel does not keep: the layer is run one
/// step at a time (the same outputs as the fused run) and the membrane is read from the state after every step.
/// </summary>
/// <remarks>The membrane is state slot 1 for CuBa-LIF (slot 0 is the synaptic current) and slot 0 for every other model
/// (LIF, PLIF, LI, ALIF's v, the resonator's real part, EGRU's c). Runs without recording gradients.</remarks>
public static class MembraneProbe
{
    /// <summary>The state slot that holds the membrane potential.</summary>
    public static int MembraneSlot<TModel>(TModel model)
        where TModel : struct, INeuronModel => model is CubaLifModel ? 1 : 0;

    /// <summary>Membranes [T, B, N] of a layer with its own projection, for inputs [T, B, in].</summary>
    public static Tensor Record<TModel>(NeuronLayer<TModel> layer, Tensor input)
        where TModel : struct, INeuronModel
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        using NoGradScope noGrad = Tape.NoGrad();
        int steps = input.Shape[0], batch = input.Shape[1];
        var membrane = new Tensor(steps, batch, layer.Neurons);
        NeuronLayerState state = layer.ZeroState(batch);
        int slot = MembraneSlot(layer.CreateModel());
        for (int t = 0; t < steps; t++)
        {
            (_, state) = layer.Step(input[t], state);
            CopySlot(state.State.Span, layer.StateSize, slot, membrane[t].Span);
        }
        return membrane;
    }

    /// <summary>Membranes [T, B, elements] of element-wise neurons, for inputs [T, B, ...].</summary>
    public static Tensor Record<TModel>(ElementwiseNeurons<TModel> layer, Tensor input)
        where TModel : struct, INeuronModel
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        using NoGradScope noGrad = Tape.NoGrad();
        int steps = input.Shape[0], batch = input.Shape[1];
        int elements = input.Length / Math.Max(steps * batch, 1);
        TModel model = layer.CreateModel();
        var membrane = new Tensor(steps, batch, elements);
        Tensor? state = null;
        for (int t = 0; t < steps; t++)
        {
            (_, state) = layer.ForwardSequence(input.Slice(t, 1), state);
            CopySlot(state.Span, model.StateSize, MembraneSlot(model), membrane[t].Span);
        }
        return membrane;
    }

    // State [B, N, S] → slot values [B, N].
    private static void CopySlot(ReadOnlySpan<float> state, int stateSize, int slot, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = state[i * stateSize + slot];
        }
    }
}
