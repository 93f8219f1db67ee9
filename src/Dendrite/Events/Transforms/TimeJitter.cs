using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>
/// tonic's <c>TimeJitter</c>: t ← t + N(0, std²) per event, stored as an integer (truncated toward 0, as numpy's
/// float-to-int64 assignment does); with <see cref="ClipNegative"/> (the transform's default) events with t &lt; 0
/// after that are removed. The output stays unsorted unless <see cref="SortTimestamps"/> is set (stable sort).
/// </summary>
/// <remarks>The draws come from the given <see cref="Rng"/>, not a global generator, so the values differ from numpy's.</remarks>
public sealed record TimeJitter(double Std, bool ClipNegative = true, bool SortTimestamps = false) : IEventTransform
{
    public EventStream Apply(EventStream events, Rng rng)
    {
        (int[] x, int[]? y, int[] p, long[] t) = events.Arrays;
        var jittered = new long[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            jittered[i] = (long)(t[i] + Std * rng.NextNormal());
        }
        var result = new EventStream((int[])x.Clone(), (int[]?)y?.Clone(), (int[])p.Clone(), jittered, events.Sensor);
        if (ClipNegative)
        {
            result = result.Where(i => jittered[i] >= 0);
        }
        if (SortTimestamps)
        {
            long[] times = result.T.ToArray();
            int[] order = Enumerable.Range(0, result.Count).OrderBy(i => times[i]).ToArray();
            result = result.Select(order);
        }
        return result;
    }
}
