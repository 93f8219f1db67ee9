using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>
/// tonic's <c>Denoise(filter_time)</c>: drops events with no event at a 4-neighbouring pixel within the last
/// <see cref="FilterTime"/> µs.
/// </summary>
/// <remarks>
/// Exactly tonic's algorithm: a (max x + 1) × (max y + 1) grid taken from the sample, every cell initialised to
/// filter_time (not 0); for each event in order, first memory[x, y] = t + filter_time, then keep the event iff some
/// 4-neighbour inside the grid has memory &gt; t (strict; the event's own pixel is not checked). So events with
/// t &lt; filter_time always pass, an artefact of the initialisation.
/// </remarks>
public sealed record Denoise(double FilterTime) : IEventTransform
{
    public EventStream Apply(EventStream events, Rng rng)
    {
        if (!events.HasY)
        {
            ThrowHelper.ThrowArgument("Denoise needs events with x and y.", nameof(events));
        }
        if (events.Count == 0)
        {
            return events;
        }
        ReadOnlySpan<int> xs = events.X, ys = events.Y;
        ReadOnlySpan<long> ts = events.T;
        int width = Max(xs) + 1;
        int height = Max(ys) + 1;
        if (xs.IndexOfAnyInRange(int.MinValue, -1) >= 0 || ys.IndexOfAnyInRange(int.MinValue, -1) >= 0)
        {
            ThrowHelper.ThrowArgument("Denoise needs non-negative coordinates.", nameof(events));
        }
        var memory = new double[(long)width * height];
        Array.Fill(memory, FilterTime);
        var keep = new List<int>(events.Count);
        for (int i = 0; i < events.Count; i++)
        {
            int x = xs[i], y = ys[i];
            double t = ts[i];
            memory[x * height + y] = t + FilterTime;
            if ((x > 0 && memory[(x - 1) * height + y] > t)
                || (x < width - 1 && memory[(x + 1) * height + y] > t)
                || (y > 0 && memory[x * height + y - 1] > t)
                || (y < height - 1 && memory[x * height + y + 1] > t))
            {
                keep.Add(i);
            }
        }
        return events.Select(keep);
    }

    private static int Max(ReadOnlySpan<int> values)
    {
        int max = int.MinValue;
        foreach (int v in values)
        {
            max = Math.Max(max, v);
        }
        return max;
    }
}
