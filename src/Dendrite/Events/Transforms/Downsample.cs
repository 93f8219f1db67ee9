using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>
/// tonic's <c>Downsample</c>: t ← t·TimeFactor, x ← x·SpatialFactorX, y ← y·SpatialFactorY, stored back as integers,
/// so values are truncated toward 0. No event is dropped and duplicates are not merged.
/// </summary>
/// <remarks>The output's sensor is the image of the input's: width trunc((W − 1)·fx) + 1, likewise height.</remarks>
public sealed record Downsample(double TimeFactor = 1, double SpatialFactorX = 1, double SpatialFactorY = 1) : IEventTransform
{
    /// <summary>tonic's <c>target_size</c>: the spatial factors that map <paramref name="sensor"/> onto <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static Downsample ToSize(SensorSize sensor, int width, int height, double timeFactor = 1) =>
        new(timeFactor, (double)width / sensor.Width, (double)height / sensor.Height);

    public EventStream Apply(EventStream events, Rng rng)
    {
        (int[] x, int[]? y, int[] p, long[] t) = events.Arrays;
        var newX = new int[x.Length];
        int[]? newY = y is null ? null : new int[y.Length];
        var newT = new long[t.Length];
        for (int i = 0; i < x.Length; i++)
        {
            newT[i] = (long)(t[i] * TimeFactor);
            newX[i] = (int)(x[i] * SpatialFactorX);
            if (newY is not null)
            {
                newY[i] = (int)(y![i] * SpatialFactorY);
            }
        }
        SensorSize s = events.Sensor;
        var sensor = new SensorSize(
            (int)((s.Width - 1) * SpatialFactorX) + 1,
            newY is null ? s.Height : (int)((s.Height - 1) * SpatialFactorY) + 1,
            s.Polarities);
        return new EventStream(newX, newY, (int[])p.Clone(), newT, sensor);
    }
}
