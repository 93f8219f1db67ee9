using Dendrite.Tensors;

namespace Dendrite.Data.Synthetic;

/// <summary>Settings of <see cref="DelayedXorDataset"/>.</summary>
public sealed record DelayedXorOptions
{
    public int Samples { get; init; } = 1000;

    /// <summary>Channels in each of the three input groups (bit 0, bit 1, go).</summary>
    public int ChannelsPerGroup { get; init; } = 10;

    public int CueSteps { get; init; } = 10;

    /// <summary>Silent steps after each cue: what the network must bridge with memory.</summary>
    public int DelaySteps { get; init; } = 20;

    public int ResponseSteps { get; init; } = 10;

    /// <summary>Spike probability per step of an active channel.</summary>
    public float CueRate { get; init; } = 0.5f;

    /// <summary>Spike probability per step of every channel at all times (background noise).</summary>
    public float NoiseRate { get; init; }

    public ulong Seed { get; init; }
}

/// <summary>
/// Delayed XOR: two bits arrive as spike cues separated by a delay; after a second delay a "go" cue asks for
/// a XOR b. The label is a XOR b.
/// </summary>
/// <remarks>
/// Steps: [cue a][delay][cue b][delay][response]. Channels: group 0 fires during a cue whose bit is 0, group 1 during
/// a cue whose bit is 1, group 2 (go) during the response window. Sample i depends only on (seed, i).
/// </remarks>
public sealed class DelayedXorDataset : IDataset<Labeled<Tensor>>
{
    private readonly DelayedXorOptions _options;

    public DelayedXorDataset(DelayedXorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ChannelsPerGroup);
        _options = options;
    }

    public int Count => _options.Samples;

    public int Steps => 2 * (_options.CueSteps + _options.DelaySteps) + _options.ResponseSteps;

    public int Channels => 3 * _options.ChannelsPerGroup;

    /// <summary>The two bits of sample <paramref name="index"/>.</summary>
    public (int A, int B) Bits(int index)
    {
        Rng rng = SampleRng(index).Fork("bits");
        return (rng.NextInt(2), rng.NextInt(2));
    }

    /// <returns>Spikes (Steps, 3·ChannelsPerGroup) and the label a XOR b.</returns>
    public Labeled<Tensor> Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        (int a, int b) = Bits(index);
        DelayedXorOptions o = _options;
        var rates = new float[Steps * Channels];
        Array.Fill(rates, o.NoiseRate);
        SetGroup(rates, 0, o.CueSteps, a, o.CueRate);
        SetGroup(rates, o.CueSteps + o.DelaySteps, o.CueSteps, b, o.CueRate);
        SetGroup(rates, 2 * (o.CueSteps + o.DelaySteps), o.ResponseSteps, 2, o.CueRate);
        var spikes = new Tensor(Steps, Channels);
        SampleRng(index).Fork("spikes").FillBernoulli(spikes.Span, rates);
        return new Labeled<Tensor>(spikes, a ^ b);
    }

    private Rng SampleRng(int index) => new Rng(_options.Seed).Fork((ulong)index);

    private void SetGroup(float[] rates, int start, int length, int group, float rate)
    {
        int width = _options.ChannelsPerGroup;
        for (int t = start; t < start + length; t++)
        {
            Array.Fill(rates, Math.Max(rate, _options.NoiseRate), t * Channels + group * width, width);
        }
    }
}
