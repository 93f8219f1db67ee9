namespace Dendrite.Events;

/// <summary>
/// A stream of address events as parallel arrays x, y, p, t (tonic's structured array, as a structure of arrays).
/// Timestamps are integers in microseconds, as tonic uses them. One-dimensional sensors (SHD) have no y.
/// </summary>
/// <remarks>
/// Readers return events in file order, which for the supported datasets is non-decreasing in t; time slicing and
/// <see cref="Transforms.ToFrame"/> rely on that, as tonic does (it uses <c>searchsorted</c>). The arrays are
/// shared, not copied: treat a stream as immutable; transforms return new streams.
/// </remarks>
public sealed class EventStream
{
    private readonly int[] _x;
    private readonly int[]? _y;
    private readonly int[] _p;
    private readonly long[] _t;

    /// <param name="y">Null for a one-dimensional sensor.</param>
    public EventStream(int[] x, int[]? y, int[] p, long[] t, SensorSize sensor)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(t);
        if (p.Length != x.Length || t.Length != x.Length || (y is not null && y.Length != x.Length))
        {
            ThrowHelper.ThrowArgument($"Event fields differ in length: x {x.Length}, y {y?.Length.ToString() ?? "none"}, p {p.Length}, t {t.Length}.");
        }
        _x = x;
        _y = y;
        _p = p;
        _t = t;
        Sensor = sensor;
    }

    public static EventStream Empty(SensorSize sensor, bool hasY = true) => new([], hasY ? [] : null, [], [], sensor);

    public int Count => _x.Length;

    public bool HasY => _y is not null;

    public SensorSize Sensor { get; }

    public ReadOnlySpan<int> X => _x;

    /// <summary>Empty for a one-dimensional sensor.</summary>
    public ReadOnlySpan<int> Y => _y;

    public ReadOnlySpan<int> P => _p;

    /// <summary>Timestamps in microseconds.</summary>
    public ReadOnlySpan<long> T => _t;

    /// <summary>Events [start, start + length), copied.</summary>
    public EventStream Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Count, nameof(length));
        return new EventStream(_x[start..(start + length)], _y?[start..(start + length)], _p[start..(start + length)], _t[start..(start + length)], Sensor);
    }

    /// <summary>The same events with another sensor size (after a transform moved them).</summary>
    public EventStream WithSensor(SensorSize sensor) => new(_x, _y, _p, _t, sensor);

    /// <summary>The events for which <paramref name="keep"/> is true, in order.</summary>
    internal EventStream Where(Func<int, bool> keep)
    {
        var indices = new List<int>(Count);
        for (int i = 0; i < Count; i++)
        {
            if (keep(i))
            {
                indices.Add(i);
            }
        }
        return Select(indices);
    }

    /// <summary>The events at <paramref name="indices"/>, in that order.</summary>
    internal EventStream Select(IReadOnlyList<int> indices)
    {
        int n = indices.Count;
        var x = new int[n];
        int[]? y = _y is null ? null : new int[n];
        var p = new int[n];
        var t = new long[n];
        for (int i = 0; i < n; i++)
        {
            int j = indices[i];
            x[i] = _x[j];
            p[i] = _p[j];
            t[i] = _t[j];
            if (y is not null)
            {
                y[i] = _y![j];
            }
        }
        return new EventStream(x, y, p, t, Sensor);
    }

    /// <summary>The raw arrays, for transforms that build new streams from them.</summary>
    internal (int[] X, int[]? Y, int[] P, long[] T) Arrays => (_x, _y, _p, _t);

    public override string ToString() => $"EventStream({Count} events, sensor {Sensor}{(HasY ? "" : ", no y")})";
}
