using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        // A batch has at most int.MaxValue rows, so per-call counts fit in int: vector lanes of -1 per spike,
        // subtracted, then added to the long totals once.
        int[] batchCounts = ArrayPool<int>.Shared.Rent(neurons);
        Span<int> tally = batchCounts.AsSpan(0, neurons);
        tally.Clear();
        for (int row = 0; row < steps * batch; row++)
        {
            CountRow(spikes.Slice(row * neurons, neurons), tally);
        }
        for (int n = 0; n < neurons; n++)
        {
            counts[n] += tally[n];
        }
        ArrayPool<int>.Shared.Return(batchCounts);
    }

    // tally[n] += (values[n] != 0); NaN counts, as any non-zero value does.
    private static void CountRow(ReadOnlySpan<float> values, Span<int> tally)
    {
        int n = 0;
        ref float value = ref MemoryMarshal.GetReference(values);
        ref int total = ref MemoryMarshal.GetReference(tally);
        for (; n <= values.Length - Vector256<float>.Count; n += Vector256<float>.Count)
        {
            Vector256<int> zero = Vector256.Equals(Vector256.LoadUnsafe(ref value, (nuint)n), Vector256<float>.Zero).AsInt32();
            // Lanes are -1 where the value is zero: adding 1 + lane counts the others.
            Vector256<int> sum = Vector256.LoadUnsafe(ref total, (nuint)n) + Vector256<int>.One + zero;
            sum.StoreUnsafe(ref total, (nuint)n);
        }
        for (; n < values.Length; n++)
        {
            tally[n] += values[n] != 0f ? 1 : 0;
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
