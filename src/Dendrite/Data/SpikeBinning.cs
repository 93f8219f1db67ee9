using Dendrite.Tensors;

namespace Dendrite.Data;

/// <summary>
/// Bins a <see cref="SpikeTrain"/> into frames <c>[T, channels]</c>: spike (t, unit) adds 1 at [floor(t / Dt), unit].
/// Bins start at t = 0 (the sample start), as in Zenke's SHD tutorial and SpikingJelly; for tonic's framing, which
/// starts at the first spike, use <see cref="SpikeTrain.ToEvents"/> with <see cref="Events.Transforms.ToFrame"/>.
/// </summary>
/// <param name="Dt">Bin width in seconds.</param>
/// <param name="Steps">A fixed number of bins; spikes at t ≥ Steps·Dt are dropped. Null: as many bins as the sample needs (floor(max t / Dt) + 1).</param>
public sealed record SpikeBinning(double Dt, int? Steps = null)
{
    private const int MaxSteps = 1 << 20;

    /// <summary>Counts above 1 (several spikes of one unit in one bin) are clamped to 1.</summary>
    public bool Binary { get; init; }

    /// <summary><paramref name="bins"/> bins covering [0, <paramref name="duration"/>) seconds: Dt = duration / bins.</summary>
    public static SpikeBinning WithBins(int bins, double duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(duration);
        return new SpikeBinning(duration / bins, bins);
    }

    /// <summary>The frames, <c>[T, channels]</c>.</summary>
    /// <exception cref="ArgumentException">A unit is outside [0, channels) or a time is negative or not finite.</exception>
    public Tensor Apply(SpikeTrain train, int channels = SpikingAudioDataset.Channels)
    {
        if (!(Dt > 0))
        {
            ThrowHelper.ThrowArgument($"Dt must be positive; found {Dt}.", nameof(Dt));
        }
        int steps = Steps ?? 1;
        if (Steps is null)
        {
            foreach (float t in train.Times)
            {
                steps = Math.Max(steps, Bin(t) + 1);
            }
            if (steps > MaxSteps)
            {
                ThrowHelper.ThrowArgument($"The sample spans {steps} bins of {Dt} s (more than {MaxSteps}); set Steps or a larger Dt.", nameof(train));
            }
        }
        var frames = new Tensor(steps, channels);
        Span<float> values = frames.Span;
        for (int i = 0; i < train.Count; i++)
        {
            int unit = train.Units[i];
            if ((uint)unit >= (uint)channels)
            {
                ThrowHelper.ThrowArgument($"Spike {i} is on unit {unit}, outside [0, {channels}).", nameof(train));
            }
            int bin = Bin(train.Times[i]);
            if (bin >= steps)
            {
                continue;
            }
            ref float cell = ref values[bin * channels + unit];
            cell = Binary ? 1f : cell + 1f;
        }
        return frames;
    }

    private int Bin(float time)
    {
        if (!(time >= 0) || float.IsInfinity(time))
        {
            ThrowHelper.ThrowArgument($"Spike time {time} s is negative or not finite.");
        }
        double bin = Math.Floor(time / Dt);
        return bin >= int.MaxValue - 1 ? int.MaxValue - 1 : (int)bin;
    }
}
