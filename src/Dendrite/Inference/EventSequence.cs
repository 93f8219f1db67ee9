using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Inference;

/// <summary>
/// Binary input events over time, [steps, batch, inputs], kept as each (step, row)'s ascending list of active inputs: the
/// input of <see cref="EventInferenceEngine.Run(EventSequence)"/> when the data already arrives as events (spike trains,
/// event cameras, SHD), so that no dense [T, B, in] tensor is built or scanned.
/// </summary>
public sealed class EventSequence
{
    private EventSequence(int steps, int batch, int inputs, SpikeIndex index)
    {
        Steps = steps;
        Batch = batch;
        Inputs = inputs;
        Index = index;
    }

    public int Steps { get; }

    public int Batch { get; }

    public int Inputs { get; }

    /// <summary>Number of events (active inputs summed over all steps and rows).</summary>
    public long Count => Index.Count;

    /// <summary>Events per (step, row) line t·B + b, ascending inputs.</summary>
    internal SpikeIndex Index { get; }

    /// <summary>The active inputs of row <paramref name="row"/> at step <paramref name="step"/>, ascending.</summary>
    public ReadOnlySpan<int> Active(int step, int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, Steps);
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Batch);
        int line = step * Batch + row;
        return Index.Index.AsSpan(Index.Start[line], Index.Start[line + 1] - Index.Start[line]);
    }

    /// <summary>The events of a binary spike tensor [steps, batch, inputs].</summary>
    /// <exception cref="ArgumentException">Not rank 3, or a value other than 0 and 1.</exception>
    public static EventSequence FromDense(Tensor spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        if (spikes.Rank != 3)
        {
            ThrowHelper.ThrowArgument($"EventSequence.FromDense expects spikes [steps, batch, inputs]; got {spikes.Shape}.", nameof(spikes));
        }
        if (!EventAccumulation.IsBinary(spikes.Span))
        {
            ThrowHelper.ThrowArgument("EventSequence.FromDense: the tensor holds values other than 0 and 1; events are binary.", nameof(spikes));
        }
        int steps = spikes.Shape[0], batch = spikes.Shape[1], inputs = spikes.Shape[2];
        return new EventSequence(steps, batch, inputs, SpikeIndex.ByRow(steps * batch, inputs, spikes.Span));
    }

    /// <summary>
    /// The sequence holding the given events, in any order; an event given twice is one spike (inputs are binary).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An event's step, row or input is outside the sizes.</exception>
    public static EventSequence FromEvents(int steps, int batch, int inputs, IEnumerable<(int Step, int Row, int Input)> events)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentNullException.ThrowIfNull(events);
        int lines = steps * batch;
        var perLine = new List<int>?[lines];
        foreach ((int step, int row, int input) in events)
        {
            if ((uint)step >= (uint)steps || (uint)row >= (uint)batch || (uint)input >= (uint)inputs)
            {
                throw new ArgumentOutOfRangeException(nameof(events),
                    $"EventSequence: event (step {step}, row {row}, input {input}) is outside [{steps}, {batch}, {inputs}].");
            }
            (perLine[step * batch + row] ??= []).Add(input);
        }
        var start = new int[lines + 1];
        var index = new List<int>();
        for (int line = 0; line < lines; line++)
        {
            start[line] = index.Count;
            if (perLine[line] is { } active)
            {
                active.Sort();
                for (int i = 0; i < active.Count; i++)
                {
                    if (i == 0 || active[i] != active[i - 1])
                    {
                        index.Add(active[i]);
                    }
                }
            }
        }
        start[lines] = index.Count;
        return new EventSequence(steps, batch, inputs, SpikeIndex.FromLists(start, [.. index]));
    }

    /// <summary>The spikes as a dense tensor [steps, batch, inputs].</summary>
    public Tensor ToDense()
    {
        var dense = new Tensor(Steps, Batch, Inputs);
        Span<float> values = dense.Span;
        for (int line = 0; line < Steps * Batch; line++)
        {
            for (int p = Index.Start[line]; p < Index.Start[line + 1]; p++)
            {
                values[line * Inputs + Index.Index[p]] = 1f;
            }
        }
        return dense;
    }
}
