using Dendrite.Tensors;

namespace Dendrite.Data.Synthetic;

/// <summary>Settings of the Randman spike-timing task (Zenke &amp; Vogels 2021); defaults follow <c>make_spiking_dataset</c>.</summary>
public sealed record RandmanOptions
{
    public int Classes { get; init; } = 10;

    /// <summary>Input units (the manifold's embedding dimension).</summary>
    public int Units { get; init; } = 100;

    /// <summary>Time steps of each sample.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>The intrinsic dimension of each class's manifold.</summary>
    public int ManifoldDimensions { get; init; } = 1;

    /// <summary>Spikes each unit fires per sample (one independent manifold per spike).</summary>
    public int SpikesPerUnit { get; init; } = 1;

    public int SamplesPerClass { get; init; } = 1000;

    /// <summary>Smoothness: the spectrum of the random functions falls off as 1/(i + 1)^Alpha.</summary>
    public double Alpha { get; init; } = 2;

    /// <summary>Spikes fall in the first StepFraction·Steps steps.</summary>
    public double StepFraction { get; init; } = 1;

    public ulong Seed { get; init; }

    /// <summary>Interleave classes in a seeded random order (otherwise class 0's samples come first).</summary>
    public bool Shuffle { get; init; } = true;
}

/// <summary>
/// Randman (Zenke &amp; Vogels 2021, github.com/fzenke/randman): each class is a smooth random manifold embedded in
/// <see cref="RandmanOptions.Units"/> dimensions; a sample is a random point on it, and the point's coordinates,
/// min–max scaled per unit over the class, become each unit's spike time. Every unit fires exactly
/// SpikesPerUnit times in every sample, so only timing carries the class. No download; seeded.
/// </summary>
/// <remarks>
/// The manifold for (class k, spike s) is x ↦ (Π_d Σ_i θ0·(i+1)^−α·sin(2π(i·x_d·θ1 + θ2)))_unit with θ ~ U[0, 1) and
/// the i = 0 amplitude zeroed (no bias), i &lt; f_cutoff = min(ceil(1e-3^(−1/α)), 1000), as in <c>numpy_randman.py</c>.
/// The random numbers come from <see cref="Rng"/>, so values differ from the Python package's, not the construction.
/// </remarks>
public sealed class RandmanDataset : IDataset<Labeled<Tensor>>
{
    private readonly RandmanOptions _options;
    private readonly float[] _times;   // [sample, spike·Units + unit], in steps
    private readonly int[] _labels;

    public RandmanDataset(RandmanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Classes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Units);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ManifoldDimensions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SpikesPerUnit);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SamplesPerClass);
        if (!(options.StepFraction > 0 && options.StepFraction <= 1))
        {
            ThrowHelper.ThrowArgument($"StepFraction must be in (0, 1]; found {options.StepFraction}.", nameof(options));
        }
        _options = options;
        int perSample = options.SpikesPerUnit * options.Units;
        int count = checked(options.Classes * options.SamplesPerClass);
        var times = new float[checked(count * perSample)];
        var labels = new int[count];
        var root = new Rng(options.Seed);
        // Scaled values lie in [0, 1), but rounding to float could reach the end of the window: keep times below it.
        float end = (float)(options.Steps * options.StepFraction);
        float latest = MathF.BitDecrement(end);
        for (int k = 0; k < options.Classes; k++)
        {
            double[] points = new double[options.SamplesPerClass * options.ManifoldDimensions];
            Rng pointRng = root.Fork("points").Fork((ulong)k);
            for (int i = 0; i < points.Length; i++)
            {
                points[i] = pointRng.NextFloat();
            }
            for (int s = 0; s < options.SpikesPerUnit; s++)
            {
                double[] values = Manifold(root.Fork("manifold").Fork((ulong)k).Fork((ulong)s), points);
                Standardize(values, options.SamplesPerClass, options.Units);
                for (int n = 0; n < options.SamplesPerClass; n++)
                {
                    int sample = k * options.SamplesPerClass + n;
                    for (int u = 0; u < options.Units; u++)
                    {
                        float time = (float)(values[n * options.Units + u] * options.Steps * options.StepFraction);
                        times[(long)sample * perSample + s * options.Units + u] = Math.Min(time, latest);
                    }
                }
            }
            Array.Fill(labels, k, k * options.SamplesPerClass, options.SamplesPerClass);
        }
        if (options.Shuffle)
        {
            int[] order = root.Fork("shuffle").Permutation(count);
            var shuffledTimes = new float[times.Length];
            var shuffledLabels = new int[count];
            for (int i = 0; i < count; i++)
            {
                Array.Copy(times, (long)order[i] * perSample, shuffledTimes, (long)i * perSample, perSample);
                shuffledLabels[i] = labels[order[i]];
            }
            times = shuffledTimes;
            labels = shuffledLabels;
        }
        _times = times;
        _labels = labels;
    }

    public int Count => _labels.Length;

    public RandmanOptions Options => _options;

    public int LabelAt(int index) => _labels[index];

    /// <summary>Sample <paramref name="index"/>'s spike times in steps (continuous, in [0, Steps·StepFraction)), unit u's s-th spike at s·Units + u.</summary>
    public ReadOnlySpan<float> SpikeTimes(int index)
    {
        int perSample = _options.SpikesPerUnit * _options.Units;
        return _times.AsSpan(index * perSample, perSample);
    }

    /// <summary>The sample as a raster (Steps, Units): spike counts per step, each spike at step floor(time).</summary>
    public Labeled<Tensor> Get(int index)
    {
        var raster = new Tensor(_options.Steps, _options.Units);
        Span<float> values = raster.Span;
        ReadOnlySpan<float> times = SpikeTimes(index);
        for (int i = 0; i < times.Length; i++)
        {
            int step = Math.Min((int)times[i], _options.Steps - 1);
            values[step * _options.Units + i % _options.Units] += 1f;
        }
        return new Labeled<Tensor>(raster, _labels[index]);
    }

    /// <summary>Evaluates one random manifold at every point: result [point, unit].</summary>
    private double[] Manifold(Rng rng, double[] points)
    {
        int dims = _options.ManifoldDimensions, units = _options.Units;
        int cutoff = (int)Math.Min(Math.Ceiling(Math.Pow(1e-3, -1.0 / _options.Alpha)), 1000);
        var spectrum = new double[cutoff];
        for (int i = 0; i < cutoff; i++)
        {
            spectrum[i] = 1.0 / Math.Pow(i + 1, _options.Alpha);
        }
        // θ[unit, dim, 3, cutoff], uniform in [0, 1); the constant term's amplitude is zero (use_bias=False).
        var theta = new double[units * dims * 3 * cutoff];
        for (int i = 0; i < theta.Length; i++)
        {
            theta[i] = rng.NextFloat();
        }
        int count = points.Length / dims;
        var result = new double[count * units];
        for (int u = 0; u < units; u++)
        {
            for (int n = 0; n < count; n++)
            {
                double product = 1;
                for (int d = 0; d < dims; d++)
                {
                    int at = (u * dims + d) * 3 * cutoff;
                    double x = points[n * dims + d], sum = 0;
                    for (int i = 0; i < cutoff; i++)
                    {
                        double amplitude = i == 0 ? 0 : theta[at + i];
                        sum += amplitude * spectrum[i] * Math.Sin(2 * Math.PI * (i * x * theta[at + cutoff + i] + theta[at + 2 * cutoff + i]));
                    }
                    product *= sum;
                }
                result[n * units + u] = product;
            }
        }
        return result;
    }

    /// <summary>randman's <c>standardize</c>: per unit, (v − min) / (max − min + 1e-7) over the class's samples, so values lie in [0, 1).</summary>
    private static void Standardize(double[] values, int count, int units)
    {
        for (int u = 0; u < units; u++)
        {
            double min = double.MaxValue, max = double.MinValue;
            for (int n = 0; n < count; n++)
            {
                min = Math.Min(min, values[n * units + u]);
                max = Math.Max(max, values[n * units + u]);
            }
            for (int n = 0; n < count; n++)
            {
                values[n * units + u] = (values[n * units + u] - min) / (max - min + 1e-7);
            }
        }
    }
}
