namespace Dendrite.Events.Transforms;

/// <summary>
/// tonic's slicers (<c>slicers.py</c>): where to cut a stream into windows by time, by event count, or into a fixed
/// number of time or event bins. Each slice is a half-open index range [Start, End); End may exceed the event count
/// (Python slicing clamps it, and so does <see cref="Slice"/>). Time slicing assumes t is sorted.
/// </summary>
public static class EventSlicer
{
    /// <summary>
    /// Windows of <paramref name="timeWindow"/> µs every <paramref name="timeWindow"/> − <paramref name="overlap"/> µs from
    /// the first timestamp (or <paramref name="startTime"/>). There are floor((duration − window) / stride) + 1 of them
    /// (ceil with <paramref name="includeIncomplete"/>), at least 1. As in tonic, the event at exactly the last
    /// timestamp is dropped when the duration is a multiple of the window.
    /// </summary>
    public static (int Start, int End)[] ByTime(ReadOnlySpan<long> t, double timeWindow, double overlap = 0, bool includeIncomplete = false,
        long? startTime = null, long? endTime = null)
    {
        double stride = timeWindow - overlap;
        if (!(stride > 0))
        {
            ThrowHelper.ThrowArgument($"The stride (time window {timeWindow} − overlap {overlap}) must be positive.", nameof(overlap));
        }
        if (t.Length == 0 && (startTime is null || endTime is null))
        {
            return [(0, 0)];
        }
        double start = startTime ?? t[0];
        double duration = (endTime ?? t[^1]) - start;
        double steps = (duration - timeWindow) / stride;
        int count = Math.Max(1, (int)(includeIncomplete ? Math.Ceiling(steps) : Math.Floor(steps)) + 1);
        var slices = new (int, int)[count];
        for (int i = 0; i < count; i++)
        {
            double from = i * stride + start;
            slices[i] = (SearchLeft(t, from), SearchLeft(t, from + timeWindow));
        }
        return slices;
    }

    /// <summary>
    /// Slices of min(<paramref name="eventCount"/>, N) events every <paramref name="eventCount"/> − <paramref name="overlap"/>
    /// events: floor((N − c') / stride) + 1 of them, or ceil with <paramref name="includeIncomplete"/>.
    /// </summary>
    public static (int Start, int End)[] ByEventCount(int eventCountTotal, int eventCount, int overlap = 0, bool includeIncomplete = false)
    {
        int count = Math.Min(eventCount, eventCountTotal);
        int stride = eventCount - overlap; // tonic uses the requested count here, not the clipped one
        if (stride <= 0)
        {
            ThrowHelper.ThrowArgument($"The stride (event count {eventCount} − overlap {overlap}) must be positive.", nameof(overlap));
        }
        double steps = (double)(eventCountTotal - count) / stride;
        int slices = (int)(includeIncomplete ? Math.Ceiling(steps) : Math.Floor(steps)) + 1;
        var result = new (int, int)[slices];
        for (int i = 0; i < slices; i++)
        {
            result[i] = (i * stride, i * stride + count);
        }
        return result;
    }

    /// <summary>
    /// <paramref name="bins"/> windows of (t_last − t_first) // bins · (1 + overlap) µs (floor division, as tonic), every
    /// window · (1 − overlap) µs. The floor remainder and the last event can fall outside every bin.
    /// </summary>
    public static (int Start, int End)[] ByTimeBins(ReadOnlySpan<long> t, int bins, double overlap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        if (!(overlap < 1))
        {
            ThrowHelper.ThrowArgument($"The bin overlap is a fraction below 1; found {overlap}.", nameof(overlap));
        }
        if (t.Length == 0)
        {
            return Enumerable.Repeat((0, 0), bins).ToArray();
        }
        double window = Math.Floor((double)(t[^1] - t[0]) / bins) * (1 + overlap);
        double stride = window * (1 - overlap);
        var slices = new (int, int)[bins];
        for (int i = 0; i < bins; i++)
        {
            double from = i * stride + t[0];
            slices[i] = (SearchLeft(t, from), SearchLeft(t, from + window));
        }
        return slices;
    }

    /// <summary><paramref name="bins"/> slices of int(N // bins · (1 + overlap)) events, every int(k · (1 − overlap)) events.</summary>
    public static (int Start, int End)[] ByEventBins(int eventCountTotal, int bins, double overlap = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        int count = (int)(eventCountTotal / bins * (1 + overlap));
        int stride = (int)(count * (1 - overlap));
        var slices = new (int, int)[bins];
        for (int i = 0; i < bins; i++)
        {
            slices[i] = (i * stride, i * stride + count);
        }
        return slices;
    }

    /// <summary>The sub-streams for <paramref name="slices"/> (ends clamped to the stream, as Python slicing does).</summary>
    public static EventStream[] Slice(EventStream events, (int Start, int End)[] slices)
    {
        var result = new EventStream[slices.Length];
        for (int i = 0; i < slices.Length; i++)
        {
            int start = Math.Min(slices[i].Start, events.Count);
            int end = Math.Clamp(slices[i].End, start, events.Count);
            result[i] = events.Slice(start, end - start);
        }
        return result;
    }

    /// <summary>numpy's <c>searchsorted(side='left')</c>: the first index whose value is ≥ <paramref name="value"/>.</summary>
    internal static int SearchLeft(ReadOnlySpan<long> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
