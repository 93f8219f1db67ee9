using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>
/// tonic's <c>CenterCrop(sensor_size, size)</c>: keeps the centred <see cref="Width"/> × <see cref="Height"/> box, with
/// offsets ((W − w) // 2, (H − h) // 2), and shifts events by them. A crop larger than the sensor pads instead: the
/// (negative) offset moves events right/down and drops none.
/// </summary>
public sealed record CenterCrop(int Width, int Height) : IEventTransform
{
    public EventStream Apply(EventStream events, Rng rng)
    {
        if (!events.HasY)
        {
            ThrowHelper.ThrowArgument("CenterCrop needs events with x and y.", nameof(events));
        }
        SensorSize s = events.Sensor;
        int offsetX = FloorDiv(s.Width - Width, 2), offsetY = FloorDiv(s.Height - Height, 2);
        return SpatialCrop.Apply(events, offsetX, offsetY, Width, Height);
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}

/// <summary>
/// tonic's <c>RandomCrop(sensor_size, target_size)</c>: a <see cref="Width"/> × <see cref="Height"/> box at
/// x0 = int(u·(W − w)), y0 = int(u'·(H − h)) with u, u' ~ U[0, 1); events inside are kept and shifted by (−x0, −y0).
/// </summary>
public sealed record RandomCrop(int Width, int Height) : IEventTransform
{
    public EventStream Apply(EventStream events, Rng rng)
    {
        if (!events.HasY)
        {
            ThrowHelper.ThrowArgument("RandomCrop needs events with x and y.", nameof(events));
        }
        SensorSize s = events.Sensor;
        if (Width > s.Width || Height > s.Height)
        {
            ThrowHelper.ThrowArgument($"A {Width}×{Height} crop does not fit the sensor {s}.");
        }
        int x0 = (int)(rng.NextFloat() * (s.Width - Width));
        int y0 = (int)(rng.NextFloat() * (s.Height - Height));
        return SpatialCrop.Apply(events, x0, y0, Width, Height);
    }
}

internal static class SpatialCrop
{
    /// <summary>Keeps events in [max(ox,0), max(ox,0)+w) × [max(oy,0), max(oy,0)+h), then subtracts (ox, oy) — tonic's exact steps.</summary>
    public static EventStream Apply(EventStream events, int offsetX, int offsetY, int width, int height)
    {
        int left = Math.Max(offsetX, 0), top = Math.Max(offsetY, 0);
        EventStream kept = events.Where(i => events.X[i] >= left && events.X[i] < left + width && events.Y[i] >= top && events.Y[i] < top + height);
        (int[] x, int[]? y, int[] p, long[] t) = kept.Arrays;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] -= offsetX;
            y![i] -= offsetY;
        }
        return new EventStream(x, y, p, t, new SensorSize(width, height, events.Sensor.Polarities));
    }
}
