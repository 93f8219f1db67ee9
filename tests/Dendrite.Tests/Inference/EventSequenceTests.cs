using Dendrite.Inference;
using Dendrite.Tensors;

namespace Dendrite.Tests.Inference;

/// <summary><see cref="EventSequence"/>: built from event tuples or a dense spike tensor, it holds exactly those spikes.</summary>
public sealed class EventSequenceTests
{
    [Fact]
    public void EventsInAnyOrderBecomeAscendingListsAndRepeatsAreOneSpike()
    {
        var events = EventSequence.FromEvents(2, 3, 10, [(1, 2, 7), (0, 0, 4), (1, 2, 3), (0, 0, 1), (1, 2, 7)]);

        Assert.Equal(4, events.Count);
        Assert.Equal([1, 4], events.Active(0, 0).ToArray());
        Assert.Equal([3, 7], events.Active(1, 2).ToArray());
        Assert.True(events.Active(0, 1).IsEmpty);
        Assert.True(events.Active(1, 0).IsEmpty);
        float[] dense = events.ToDense().ToArray();
        Assert.Equal(4f, dense.Sum());
        Assert.Equal(1f, dense[(0 * 3 + 0) * 10 + 4]);
        Assert.Equal(1f, dense[(1 * 3 + 2) * 10 + 7]);
    }

    [Fact]
    public void ADenseTensorRoundTrips()
    {
        var rng = new Rng(3);
        var spikes = new Tensor(5, 4, 70);
        Span<float> values = spikes.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = rng.NextFloat() < 0.1f ? 1f : 0f;
        }
        var events = EventSequence.FromDense(spikes);
        Assert.Equal((long)values.ToArray().Sum(), events.Count);
        Assert.Equal(spikes.ToArray(), events.ToDense().ToArray());
        Assert.Equal((5, 4, 70), (events.Steps, events.Batch, events.Inputs));
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var outside = Assert.Throws<ArgumentOutOfRangeException>(() => EventSequence.FromEvents(2, 3, 10, [(0, 3, 1)]));
        Assert.Contains("(step 0, row 3, input 1) is outside [2, 3, 10]", outside.Message);
        var valued = Tensor.FromArray([0f, 0.5f, 1f, 0f], 1, 2, 2);
        Assert.Contains("other than 0 and 1", Assert.Throws<ArgumentException>(() => EventSequence.FromDense(valued)).Message);
        Assert.Contains("[steps, batch, inputs]", Assert.Throws<ArgumentException>(() => EventSequence.FromDense(new Tensor(3, 4))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => EventSequence.FromEvents(2, 3, 10, []).Active(2, 0));
    }

    [Fact]
    public void SettingARowsEventsClearsItsPreviousOnes()
    {
        var activity = new StepActivity(2, 8);
        activity.SetRowEvents(1, [1, 5]);
        activity.SetRowEvents(1, [2]);
        activity.SetRowEvents(0, [7]);

        Assert.Equal([2], activity.Active(1).ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 1f, 0f, 0f, 1f, 0f, 0f, 0f, 0f, 0f], activity.Values);
    }
}
