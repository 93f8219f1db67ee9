using Dendrite.Tensors;

namespace Dendrite.Data.Encoding;

/// <summary>Rate (Poisson-like, Bernoulli per step) coding: each step, a feature spikes with probability clamp(gain·x, 0, 1).</summary>
/// <remarks>snnTorch's <c>spikegen.rate</c>. The spike count over T steps is Binomial(T, p), so its mean is T·p.</remarks>
public static class RateEncoder
{
    /// <param name="input">Shape (B, features...): intensities, usually in [0, 1].</param>
    /// <param name="rng">The random stream (e.g. the batch's, from the data loader).</param>
    /// <returns>Shape (steps, B, features...): time-major spikes of 0 or 1.</returns>
    public static Tensor Encode(Tensor input, int steps, Rng rng, float gain = 1f)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var probability = new float[input.Length];
        ReadOnlySpan<float> x = input.Span;
        for (int i = 0; i < probability.Length; i++)
        {
            probability[i] = Math.Clamp(gain * x[i], 0f, 1f);
        }
        var spikes = new Tensor(input.Shape.Prepend(steps));
        Span<float> destination = spikes.Span;
        for (int t = 0; t < steps; t++)
        {
            rng.FillBernoulli(destination.Slice(t * probability.Length, probability.Length), probability);
        }
        return spikes;
    }
}
