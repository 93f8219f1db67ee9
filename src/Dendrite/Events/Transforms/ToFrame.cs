using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>How <see cref="ToFrame"/> cuts a stream into frames (tonic: exactly one of time_window, event_count, n_time_bins, n_event_bins).</summary>
public enum FrameSlicing
{
    TimeWindow,
    EventCount,
    TimeBins,
    EventBins,
}

/// <summary>
/// tonic's <c>ToFrame</c>: counts events per (frame, polarity, y, x) into a time-major tensor <c>[T, P, H, W]</c>
/// (<c>[T, P, W]</c> for a sensor without y, e.g. <c>[T, 1, 700]</c> for SHD). Build one with
/// <see cref="ByTimeWindow"/>, <see cref="ByEventCount"/>, <see cref="ByTimeBins"/> or <see cref="ByEventBins"/>.
/// </summary>
/// <remarks>
/// Slicing follows <see cref="EventSlicer"/> exactly, including tonic's edge cases. With one polarity, every p is
/// treated as 0 (an error if the stream holds two polarities). Empty input gives zero frames of shape
/// <c>[1 or bins, P, H, W]</c>; tonic returns float64 zeros with W and H swapped there, which we do not copy, so that
/// empty samples batch with the others.
/// </remarks>
public sealed record ToFrame
{
    private ToFrame(FrameSlicing slicing, double amount, double overlap, bool includeIncomplete)
    {
        Slicing = slicing;
        Amount = amount;
        Overlap = overlap;
        IncludeIncomplete = includeIncomplete;
    }

    public FrameSlicing Slicing { get; }

    /// <summary>The window in µs, events per frame, or number of bins.</summary>
    public double Amount { get; }

    /// <summary>µs (time window), events (event count) or a fraction of a bin (bins).</summary>
    public double Overlap { get; }

    public bool IncludeIncomplete { get; }

    /// <summary>The sensor to frame on; default: the stream's own.</summary>
    public SensorSize? Sensor { get; init; }

    /// <summary>Time slicing starts here instead of at the first event (tonic's start_time).</summary>
    public long? StartTime { get; init; }

    /// <summary>Time slicing ends here instead of at the last event (tonic's end_time).</summary>
    public long? EndTime { get; init; }

    public static ToFrame ByTimeWindow(double timeWindow, double overlap = 0, bool includeIncomplete = false) =>
        new(FrameSlicing.TimeWindow, timeWindow, overlap, includeIncomplete);

    public static ToFrame ByEventCount(int eventCount, int overlap = 0, bool includeIncomplete = false) =>
        new(FrameSlicing.EventCount, eventCount, overlap, includeIncomplete);

    public static ToFrame ByTimeBins(int bins, double overlap = 0) => new(FrameSlicing.TimeBins, bins, overlap, false);

    public static ToFrame ByEventBins(int bins, double overlap = 0) => new(FrameSlicing.EventBins, bins, overlap, false);

    /// <summary>The frames, as counts.</summary>
    /// <exception cref="ArgumentException">An event lies outside the sensor, or a one-polarity sensor sees two polarities.</exception>
    public Tensor Apply(EventStream events)
    {
        SensorSize sensor = Sensor ?? events.Sensor;
        (int Start, int End)[] slices = events.Count == 0 ? EmptySlices() : Slices(events);
        int frameSize = sensor.Polarities * sensor.Height * sensor.Width;
        Tensor frames = events.HasY
            ? new Tensor(slices.Length, sensor.Polarities, sensor.Height, sensor.Width)
            : new Tensor(slices.Length, sensor.Polarities, sensor.Width);
        if (events.Count == 0)
        {
            return frames;
        }
        bool singlePolarity = sensor.Polarities == 1;
        ReadOnlySpan<int> x = events.X, y = events.Y, p = events.P;
        if (singlePolarity && p.IndexOfAnyExcept(p[0]) >= 0)
        {
            ThrowHelper.ThrowArgument($"The sensor {sensor} has one polarity, but the events have more than one.", nameof(events));
        }
        Span<float> values = frames.Span;
        for (int f = 0; f < slices.Length; f++)
        {
            int start = Math.Min(slices[f].Start, events.Count);
            int end = Math.Clamp(slices[f].End, start, events.Count);
            Span<float> frame = values.Slice(f * frameSize, frameSize);
            for (int i = start; i < end; i++)
            {
                int polarity = singlePolarity ? 0 : p[i];
                int row = events.HasY ? y[i] : 0;
                if ((uint)x[i] >= (uint)sensor.Width || (uint)row >= (uint)sensor.Height || (uint)polarity >= (uint)sensor.Polarities)
                {
                    string yText = events.HasY ? row.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-";
                    ThrowHelper.ThrowArgument($"Event {i} (x {x[i]}, y {yText}, p {p[i]}) lies outside the sensor {sensor}.", nameof(events));
                }
                frame[(polarity * sensor.Height + row) * sensor.Width + x[i]] += 1f;
            }
        }
        return frames;
    }

    private (int, int)[] Slices(EventStream events) => Slicing switch
    {
        FrameSlicing.TimeWindow => EventSlicer.ByTime(events.T, Amount, Overlap, IncludeIncomplete, StartTime, EndTime),
        FrameSlicing.EventCount => EventSlicer.ByEventCount(events.Count, (int)Amount, (int)Overlap, IncludeIncomplete),
        FrameSlicing.TimeBins => EventSlicer.ByTimeBins(events.T, (int)Amount, Overlap),
        _ => EventSlicer.ByEventBins(events.Count, (int)Amount, Overlap),
    };

    private (int, int)[] EmptySlices() =>
        new (int, int)[Slicing is FrameSlicing.TimeBins or FrameSlicing.EventBins ? (int)Amount : 1];
}
