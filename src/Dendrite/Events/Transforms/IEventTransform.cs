using Dendrite.Tensors;

namespace Dendrite.Events.Transforms;

/// <summary>An event-to-event transform with tonic's semantics.</summary>
public interface IEventTransform
{
    /// <param name="rng">This sample's random stream; deterministic transforms ignore it. Pass the one the
    /// <see cref="Data.DataLoader{T}"/> gives each batch (forked per sample) to keep runs reproducible.</param>
    EventStream Apply(EventStream events, Rng rng);
}

/// <summary>Chaining transforms.</summary>
public static class EventTransforms
{
    /// <summary>Applies <paramref name="transforms"/> in order; transform i draws from <c>rng.Fork(i)</c>, so adding one does not shift the others' randomness.</summary>
    public static IEventTransform Compose(params IEventTransform[] transforms) => new Composed(transforms);

    private sealed class Composed(IEventTransform[] transforms) : IEventTransform
    {
        public EventStream Apply(EventStream events, Rng rng)
        {
            for (int i = 0; i < transforms.Length; i++)
            {
                events = transforms[i].Apply(events, rng.Fork((ulong)i));
            }
            return events;
        }
    }
}
