namespace Dendrite.Inference;

/// <summary>
/// A neuron model's step for a whole row of neurons at once (vectorised), in place of the generic per-neuron
/// <see cref="Neurons.INeuronModel.Step"/>, with the same arithmetic so results are bit-identical.
/// </summary>
internal interface IStepKernel
{
    /// <summary>
    /// One step of a row: feed-forward and recurrent currents [N], state [N] updated in place, output [N]. The ascending
    /// indices of the non-zero outputs go to <paramref name="active"/> (room for N) as they are written, so the next
    /// projection's list needs no second pass over the row; returns how many.
    /// </summary>
    int Step(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output, Span<int> active);
}
