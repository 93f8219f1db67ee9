using Dendrite.Tensors;

namespace Dendrite.Data;

/// <summary>A training batch: inputs, one class label per sample, and per-sample lengths where sequences were padded.</summary>
/// <param name="Inputs">Sequences: <c>[T, B, features...]</c>, time-major. Static data (before encoding): <c>[B, features...]</c>.</param>
/// <param name="Labels">One label per sample, in batch order.</param>
/// <param name="Lengths">For padded sequences, the true number of time steps of each sample; null when nothing was padded.</param>
public sealed record Batch(Tensor Inputs, int[] Labels, int[]? Lengths = null)
{
    /// <summary>The dataset indices of the samples, in batch order (set by the <see cref="DataLoader{T}"/>).</summary>
    public int[] Indices { get; init; } = [];

    public int Size => Labels.Length;
}
