namespace Dendrite.Training.Metrics;

/// <summary>
/// Sums per-neuron spike counts over batches during training or evaluation, then produces an
/// <see cref="ActivityReport"/>. One instance per pass; not thread-safe.
/// </summary>
public sealed class ActivityAccumulator
{
    private readonly string[] _names;
    private readonly long[] _fanOut;
    private readonly long[][] _counts;
    private int _steps;
    private long _samples;

    /// <param name="layers">Name, neuron count and fan-out of each layer, in order.</param>
    public ActivityAccumulator(IReadOnlyList<(string Name, int Neurons, long FanOut)> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _names = layers.Select(l => l.Name).ToArray();
        _fanOut = layers.Select(l => l.FanOut).ToArray();
        _counts = layers.Select(l => new long[l.Neurons]).ToArray();
    }

    /// <summary>Adds one batch of spikes of layer <paramref name="layer"/>.</summary>
    /// <param name="spikes">Shape (T, B, N), time-major; any non-zero value counts as one spike.</param>
    /// <remarks>Call <see cref="AddSamples"/> once per batch, not per layer.</remarks>
    public void AddSpikes(int layer, ReadOnlySpan<float> spikes, int steps, int batch)
    {
        long[] counts = _counts[layer];
        int neurons = counts.Length;
        if (spikes.Length != (long)steps * batch * neurons)
        {
            throw new ArgumentException(
                $"Layer '{_names[layer]}': expected {steps}x{batch}x{neurons} = {(long)steps * batch * neurons} values, found {spikes.Length}.",
                nameof(spikes));
        }
        if (_steps != 0 && _steps != steps)
        {
            throw new ArgumentException($"All batches must have the same number of steps: expected {_steps}, found {steps}.", nameof(steps));
        }
        _steps = steps;
        for (int row = 0; row < steps * batch; row++)
        {
            ReadOnlySpan<float> values = spikes.Slice(row * neurons, neurons);
            // Branch-free: with firing rates of a few percent the branch is mispredicted on every spike.
            for (int n = 0; n < neurons; n++)
            {
                counts[n] += values[n] != 0f ? 1 : 0;
            }
        }
    }

    /// <summary>Adds per-neuron spike counts of layer <paramref name="layer"/> over a batch of <paramref name="steps"/>-step
    /// sequences (for learners that run step by step and keep no spike history).</summary>
    public void AddSpikeCounts(int layer, ReadOnlySpan<long> counts, int steps)
    {
        long[] total = _counts[layer];
        if (counts.Length != total.Length || (_steps != 0 && _steps != steps))
        {
            throw new ArgumentException($"Layer '{_names[layer]}': expected {total.Length} counts over {(_steps == 0 ? steps : _steps)} steps, found {counts.Length} over {steps}.", nameof(counts));
        }
        _steps = steps;
        for (int n = 0; n < total.Length; n++)
        {
            total[n] += counts[n];
        }
    }

    /// <summary>Counts <paramref name="batch"/> more samples (once per batch).</summary>
    public void AddSamples(int batch) => _samples += batch;

    public ActivityReport ToReport()
    {
        var layers = new LayerSpikeCounts[_names.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = new LayerSpikeCounts(_names[i], _counts[i], _fanOut[i]);
        }
        return ActivityReport.Compute(layers, Math.Max(_steps, 1), Math.Max(_samples, 1));
    }
}
