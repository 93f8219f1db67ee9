using Dendrite.Tensors;

namespace Dendrite.Learning.Pruning;

/// <summary>
/// Copies of the pruned parameters' values at one moment (θ₀, or θ_k after k rewinding steps), for lottery-ticket rewinding.
/// </summary>
public sealed class WeightSnapshot
{
    internal WeightSnapshot(IReadOnlyList<Tensor> values, long step)
    {
        Values = values;
        Step = step;
    }

    /// <summary>One copy per mask of the pruner that took it, in the pruner's order.</summary>
    public IReadOnlyList<Tensor> Values { get; }

    /// <summary>The training step the snapshot was taken at (k of θ_k), as given by the caller.</summary>
    public long Step { get; }
}
