using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>
/// tonic's <c>DropEvent</c>: removes int(p·N + 0.5) events chosen uniformly without replacement, keeping the order of
/// the rest. With a range, p ~ U[<see cref="MinProbability"/>, <see cref="MaxProbability"/>) is drawn per call.
/// </summary>
public sealed record DropEvent(double MinProbability, double MaxProbability) : IEventTransform
{
    /// <summary>A fixed drop probability.</summary>
    public DropEvent(double probability)
        : this(probability, probability)
    {
    }

    public EventStream Apply(EventStream events, Rng rng)
    {
        double p = MinProbability == MaxProbability ? MinProbability : MinProbability + (MaxProbability - MinProbability) * rng.NextFloat();
        int n = events.Count;
        int drop = Math.Clamp((int)(p * n + 0.5), 0, n);
        // Partial Fisher–Yates: the first `drop` entries of a shuffled 0..n-1 are a uniform sample without replacement.
        int[] order = Enumerable.Range(0, n).ToArray();
        var dropped = new bool[n];
        for (int i = 0; i < drop; i++)
        {
            int j = i + rng.NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
            dropped[order[i]] = true;
        }
        return events.Where(i => !dropped[i]);
    }
}
