using Dendrite.Tensors;

namespace Dendrite.Data.Encoding;

/// <summary>
/// Delta (change) coding, as snnTorch's <c>spikegen.delta</c> with separate on and off channels: an ON spike where a
/// feature rose by at least the threshold since the previous step, an OFF spike where it fell by at least it.
/// </summary>
/// <remarks>Channel index = polarity, as in event cameras and tonic: 0 = OFF, 1 = ON.</remarks>
public static class DeltaEncoder
{
    /// <param name="sequence">Shape (T, B, features...), time-major.</param>
    /// <param name="padFirstStep">True: the first step is compared with itself (no spikes). False: with zero, so a first value ≥ threshold fires ON.</param>
    /// <returns>Shape (T, B, 2, features...): [.., 0, ..] OFF where x[t] − x[t−1] ≤ −threshold, [.., 1, ..] ON where ≥ threshold.</returns>
    public static Tensor Encode(Tensor sequence, float threshold, bool padFirstStep = false)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        if (sequence.Rank < 2)
        {
            ThrowHelper.ThrowArgument($"Delta coding needs a (T, B, features...) sequence; found shape {sequence.Shape}.", nameof(sequence));
        }
        int steps = sequence.Shape[0], batch = sequence.Shape[1];
        int features = steps == 0 || batch == 0 ? 0 : sequence.Length / (steps * batch);
        int[] outShape = [steps, batch, 2, .. sequence.Shape.ToArray()[2..]];
        var spikes = new Tensor(outShape);
        ReadOnlySpan<float> x = sequence.Span;
        Span<float> destination = spikes.Span;
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                int current = (t * batch + b) * features;
                int outBase = (t * batch + b) * 2 * features;
                for (int f = 0; f < features; f++)
                {
                    float previous = t > 0 ? x[current - batch * features + f] : padFirstStep ? x[current + f] : 0f;
                    float change = x[current + f] - previous;
                    if (change >= threshold)
                    {
                        destination[outBase + features + f] = 1f;
                    }
                    else if (change <= -threshold)
                    {
                        destination[outBase + f] = 1f;
                    }
                }
            }
        }
        return spikes;
    }
}
