using Dendrite.Tensors;

namespace Dendrite.Data.Synthetic;

/// <summary>Settings of <see cref="TemporalPatternDataset"/>.</summary>
public sealed record TemporalPatternOptions
{
    public int Classes { get; init; } = 4;

    public int Channels { get; init; } = 50;

    public int Steps { get; init; } = 100;

    public int SamplesPerClass { get; init; } = 100;

    /// <summary>Spike probability per step and channel in a class's template.</summary>
    public float PatternRate { get; init; } = 0.05f;

    /// <summary>Standard deviation, in steps, of the shift applied to each template spike (rounded, clamped into the window).</summary>
    public double JitterSteps { get; init; } = 1;

    /// <summary>Probability that a template spike is left out of a sample.</summary>
    public float DeletionProbability { get; init; } = 0.1f;

    /// <summary>Spike probability per step and channel of extra random spikes.</summary>
    public float NoiseRate { get; init; } = 0.005f;

    public ulong Seed { get; init; }
}

/// <summary>
/// Temporal pattern classification: each class is a frozen random spike pattern (its template); a sample is a copy
/// with jittered spike times, deletions and noise spikes. Rates barely differ between classes; timing does.
/// Sample i has label i mod Classes and depends only on (seed, i).
/// </summary>
public sealed class TemporalPatternDataset : IDataset<Labeled<Tensor>>
{
    private readonly TemporalPatternOptions _options;
    private readonly (int Step, int Channel)[][] _templates;

    public TemporalPatternDataset(TemporalPatternOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Classes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Steps);
        _options = options;
        _templates = new (int, int)[options.Classes][];
        for (int k = 0; k < options.Classes; k++)
        {
            Rng rng = new Rng(options.Seed).Fork("template").Fork((ulong)k);
            var spikes = new List<(int, int)>();
            for (int t = 0; t < options.Steps; t++)
            {
                for (int c = 0; c < options.Channels; c++)
                {
                    if (rng.NextFloat() < options.PatternRate)
                    {
                        spikes.Add((t, c));
                    }
                }
            }
            _templates[k] = spikes.ToArray();
        }
    }

    public int Count => _options.Classes * _options.SamplesPerClass;

    /// <summary>Class <paramref name="label"/>'s template spikes (step, channel).</summary>
    public IReadOnlyList<(int Step, int Channel)> Template(int label) => _templates[label];

    /// <returns>Spike counts (Steps, Channels) and the class.</returns>
    public Labeled<Tensor> Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        TemporalPatternOptions o = _options;
        int label = index % o.Classes;
        Rng rng = new Rng(o.Seed).Fork("sample").Fork((ulong)index);
        var raster = new Tensor(o.Steps, o.Channels);
        Span<float> values = raster.Span;
        foreach ((int step, int channel) in _templates[label])
        {
            if (rng.NextFloat() < o.DeletionProbability)
            {
                continue;
            }
            int shifted = Math.Clamp(step + (int)Math.Round(o.JitterSteps * rng.NextNormal()), 0, o.Steps - 1);
            values[shifted * o.Channels + channel] += 1f;
        }
        if (o.NoiseRate > 0)
        {
            var noise = new float[values.Length];
            rng.FillBernoulli(noise, Enumerable.Repeat(o.NoiseRate, noise.Length).ToArray());
            for (int i = 0; i < noise.Length; i++)
            {
                values[i] += noise[i];
            }
        }
        return new Labeled<Tensor>(raster, label);
    }
}
