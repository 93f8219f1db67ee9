using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>The explicit state of a neuron layer between steps: the model state [B, N, S] and the last output [B, N] (fed back by the recurrence).</summary>
public sealed record NeuronLayerState(Tensor State, Tensor Output);
