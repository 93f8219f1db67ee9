namespace Dendrite.Inference;

/// <summary>
/// A neuron model's step for a whole row of neurons at once (vectorised), in place of the generic per-neuron
/// <see cref="Neurons.INeuronModel.Step"/>, with the same arithmetic so results are bit-identical.
/// </summary>
internal interface IStepKernel
{
    /// <summary>One step of a row: feed-forward and recurrent currents [N], state [N] updated in place, output [N].</summary>
    void Step(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output);
}
