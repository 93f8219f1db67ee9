using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>tonic's <c>CropTime(min, max)</c>: keeps events with Min ≤ t ≤ Max (both inclusive); no Max keeps everything from Min on.</summary>
public sealed record CropTime(long Min = 0, long? Max = null) : IEventTransform
{
    public EventStream Apply(EventStream events, Rng rng)
    {
        long max = Max ?? long.MaxValue;
        return events.Where(i => events.T[i] >= Min && events.T[i] <= max);
    }
}
