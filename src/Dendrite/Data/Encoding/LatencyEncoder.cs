using Dendrite.Tensors;

namespace Dendrite.Data.Encoding;

/// <summary>How intensity maps to spike time in <see cref="LatencyEncoder"/>.</summary>
public enum LatencyMode
{
    /// <summary>step = floor((1 − x)·(Steps − 1) + 0.5): x = 1 fires at step 0, x = 0 at the last step.</summary>
    Linear,

    /// <summary>
    /// An RC neuron charged by x reaching the threshold: t = Tau·ln(x / (x − Threshold)) steps, step = floor(t)
    /// (Zenke's SpyTorch <c>current2firing_time</c>; snnTorch's default latency code). Steps ≥ Steps do not fire.
    /// </summary>
    Logarithmic,
}

/// <summary>
/// Latency (time-to-first-spike) coding: each feature fires at most once, earlier for stronger input; below
/// <see cref="Threshold"/> (Linear) or at or below it (Logarithmic) it does not fire.
/// </summary>
/// <param name="Tau">Time constant in steps (Logarithmic only).</param>
public sealed record LatencyEncoder(int Steps, LatencyMode Mode = LatencyMode.Linear, float Threshold = 0.01f, float Tau = 5f)
{
    /// <summary>The step at which intensity <paramref name="x"/> fires, or null when it does not.</summary>
    public int? SpikeStep(float x)
    {
        if (Mode == LatencyMode.Linear)
        {
            if (!(x >= Threshold))
            {
                return null;
            }
            double step = Math.Floor((1.0 - Math.Min(x, 1f)) * (Steps - 1) + 0.5);
            return (int)step;
        }
        if (!(x > Threshold))
        {
            return null;
        }
        double time = Tau * Math.Log((double)x / (x - Threshold));
        return time < Steps ? (int)Math.Floor(time) : null;
    }

    /// <param name="input">Shape (B, features...).</param>
    /// <returns>Shape (Steps, B, features...), one spike at most per feature.</returns>
    public Tensor Encode(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Steps);
        var spikes = new Tensor(input.Shape.Prepend(Steps));
        ReadOnlySpan<float> x = input.Span;
        Span<float> destination = spikes.Span;
        for (int i = 0; i < x.Length; i++)
        {
            if (SpikeStep(x[i]) is int step)
            {
                destination[step * x.Length + i] = 1f;
            }
        }
        return spikes;
    }
}
