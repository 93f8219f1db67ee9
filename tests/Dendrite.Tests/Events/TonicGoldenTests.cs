using Dendrite.Events;
using Dendrite.Events.Transforms;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Events;

/// <summary>The golden cases of formats.md §3.5, which come from tonic's own implementation.</summary>
public sealed class TonicGoldenTests
{
    private static readonly Rng s_rng = new(0);

    /// <summary>Sensor 3×3×2; events at t = 0, 150, 299, 300, 1000 (positions and polarities arbitrary).</summary>
    private static EventStream FiveEvents() => new([0, 1, 2, 0, 1], [1, 2, 0, 1, 2], [0, 1, 0, 1, 0], [0, 150, 299, 300, 1000], new SensorSize(3, 3, 2));

    private static float[] EventsPerFrame(Tensor frames)
    {
        int frameSize = frames.Length / frames.Shape[0];
        return Enumerable.Range(0, frames.Shape[0]).Select(f => frames.Span.Slice(f * frameSize, frameSize).ToArray().Sum()).ToArray();
    }

    [Theory]
    [InlineData("time_window=100", 10, new float[] { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 })]
    [InlineData("time_window=100, include_incomplete", 10, new float[] { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 })]
    [InlineData("time_window=400, overlap=100", 3, new float[] { 4, 1, 0 })]
    [InlineData("event_count=2", 2, new float[] { 2, 2 })]
    [InlineData("event_count=2, include_incomplete", 3, new float[] { 2, 2, 1 })]
    [InlineData("n_time_bins=3", 3, new float[] { 4, 0, 0 })]
    [InlineData("n_event_bins=2", 2, new float[] { 2, 2 })]
    public void ToFrameMatchesTonic(string settings, int frameCount, float[] perFrame)
    {
        ToFrame transform = settings switch
        {
            "time_window=100" => ToFrame.ByTimeWindow(100),
            "time_window=100, include_incomplete" => ToFrame.ByTimeWindow(100, includeIncomplete: true),
            "time_window=400, overlap=100" => ToFrame.ByTimeWindow(400, overlap: 100),
            "event_count=2" => ToFrame.ByEventCount(2),
            "event_count=2, include_incomplete" => ToFrame.ByEventCount(2, includeIncomplete: true),
            "n_time_bins=3" => ToFrame.ByTimeBins(3),
            _ => ToFrame.ByEventBins(2),
        };
        Tensor frames = transform.Apply(FiveEvents());
        Assert.Equal(new TensorShape(frameCount, 2, 3, 3), frames.Shape); // (T, P, H, W)
        Assert.Equal(perFrame, EventsPerFrame(frames));
    }

    [Fact]
    public void ToFramePlacesCountsAtPolarityRowColumn()
    {
        Tensor frames = ToFrame.ByEventCount(5).Apply(FiveEvents());
        Assert.Equal(1f, frames[0, 0, 1, 0]); // event 0: x 0, y 1, p 0
        Assert.Equal(1f, frames[0, 1, 2, 1]); // event 1: x 1, y 2, p 1
        Assert.Equal(2f, frames[0, 0, 2, 1] + frames[0, 1, 1, 0]); // events 4 and 3
    }

    [Fact]
    public void ShdStyleEventsFrameOnSevenHundredChannels()
    {
        // (t, x) = (0, 5), (1000, 5), (1999, 699), (2000, 0); time_window = 1000 → (2, 1, 700); t = 2000 is dropped.
        var events = new EventStream([5, 5, 699, 0], null, [1, 1, 1, 1], [0, 1000, 1999, 2000], SensorSize.Cochlea700);
        Tensor frames = ToFrame.ByTimeWindow(1000).Apply(events);
        Assert.Equal(new TensorShape(2, 1, 700), frames.Shape);
        Assert.Equal(1f, frames[0, 0, 5]);
        Assert.Equal(1f, frames[1, 0, 5]);
        Assert.Equal(1f, frames[1, 0, 699]);
        Assert.Equal(3f, frames.Span.ToArray().Sum());
    }

    [Fact]
    public void EmptyInputGivesZeroFramesAndOnePolarityRejectsTwo()
    {
        EventStream empty = EventStream.Empty(new SensorSize(4, 3, 2));
        Assert.Equal(new TensorShape(1, 2, 3, 4), ToFrame.ByTimeWindow(100).Apply(empty).Shape);
        Assert.Equal(new TensorShape(1, 2, 3, 4), ToFrame.ByEventCount(10).Apply(empty).Shape);
        Assert.Equal(new TensorShape(5, 2, 3, 4), ToFrame.ByTimeBins(5).Apply(empty).Shape);
        Assert.Equal(new TensorShape(3, 2, 3, 4), ToFrame.ByEventBins(3).Apply(empty).Shape);
        var mixed = new EventStream([0, 1], [0, 0], [0, 1], [0, 1], new SensorSize(2, 1, 1));
        Assert.Throws<ArgumentException>(() => ToFrame.ByEventCount(2).Apply(mixed));
        var outside = new EventStream([3], [0], [0], [0], new SensorSize(2, 1, 1));
        Assert.Contains("outside the sensor", Assert.Throws<ArgumentException>(() => ToFrame.ByEventCount(1).Apply(outside)).Message);
    }

    [Fact]
    public void SlicingByTimeGivesTheSameWindowsAsSubStreams()
    {
        EventStream[] slices = EventSlicer.Slice(FiveEvents(), EventSlicer.ByTime(FiveEvents().T, 400, overlap: 100));
        Assert.Equal([4, 1, 0], slices.Select(s => s.Count));
        Assert.Equal([300L], slices[1].T.ToArray());
        Assert.Equal([(0, 2), (2, 4), (4, 6)], EventSlicer.ByEventCount(5, 2, includeIncomplete: true));
        Assert.Equal([(0, 5)], EventSlicer.ByEventCount(5, 9)); // c' = min(c, N): one slice of everything
    }

    [Theory]
    [InlineData(100.0, 3)]
    [InlineData(10_000.0, 5)]
    public void DenoiseMatchesTonic(double filterTime, int kept)
    {
        var events = new EventStream([5, 5, 20, 20, 21, 9], [5, 6, 20, 20, 20, 9], [0, 0, 0, 0, 0, 0], [0, 50, 60, 5000, 5100, 20000], new SensorSize(22, 21, 2));
        EventStream result = new Denoise(filterTime).Apply(events, s_rng);
        Assert.Equal(events.T[..kept].ToArray(), result.T.ToArray());
    }

    [Fact]
    public void DownsampleTruncatesTowardZeroAndKeepsEveryEvent()
    {
        var events = new EventStream([5, 127, 127], [3, 127, 0], [0, 1, 1], [1001, 1999, 1999], SensorSize.Dvs128);
        EventStream result = new Downsample(TimeFactor: 0.001, SpatialFactorX: 0.25, SpatialFactorY: 0.25).Apply(events, s_rng);
        Assert.Equal([1L, 1L, 1L], result.T.ToArray()); // 1.001 and 1.999 → 1
        Assert.Equal([1, 31, 31], result.X.ToArray()); // 1.25 → 1, 31.75 → 31
        Assert.Equal([0, 31, 0], result.Y.ToArray());
        Assert.Equal(new SensorSize(32, 32, 2), result.Sensor);
        Assert.Equal(new SensorSize(32, 32, 2), Downsample.ToSize(SensorSize.Dvs128, 32, 32).Apply(events, s_rng).Sensor);
    }

    [Theory]
    [InlineData(0.25, 10, 7)] // int(2.5 + 0.5) = 3 dropped
    [InlineData(0.05, 10, 9)] // int(0.5 + 0.5) = 1 dropped
    [InlineData(0.04, 10, 10)] // int(0.4 + 0.5) = 0 dropped
    [InlineData(1.0, 10, 0)]
    public void DropEventDropsRoundedCountKeepingOrder(double p, int n, int kept)
    {
        var events = new EventStream(new int[n], new int[n], new int[n], Enumerable.Range(0, n).Select(i => (long)i).ToArray(), new SensorSize(1, 1, 1));
        EventStream result = new DropEvent(p).Apply(events, new Rng(7));
        Assert.Equal(kept, result.Count);
        long[] t = result.T.ToArray();
        Assert.Equal(t.Order(), t); // a subsequence in the original order
        Assert.Equal(t.Length, t.Distinct().Count());
    }

    [Fact]
    public void DropEventRangeDrawsPPerCall()
    {
        var events = new EventStream(new int[100], new int[100], new int[100], new long[100], new SensorSize(1, 1, 1));
        var drop = new DropEvent(0.1, 0.5);
        int[] counts = Enumerable.Range(0, 50).Select(i => drop.Apply(events, new Rng((ulong)i)).Count).ToArray();
        Assert.All(counts, c => Assert.InRange(c, 50, 90));
        Assert.True(counts.Distinct().Count() > 5);
    }

    [Fact]
    public void TimeJitterTruncatesClipsAndSortsOnlyWhenAsked()
    {
        long[] t = Enumerable.Range(0, 200).Select(i => (long)(i * 10)).ToArray();
        var events = new EventStream(new int[200], new int[200], new int[200], t, new SensorSize(1, 1, 1));
        Assert.Equal(t, new TimeJitter(0).Apply(events, new Rng(1)).T.ToArray());

        EventStream jittered = new TimeJitter(50, ClipNegative: false).Apply(events, new Rng(2));
        var draws = new Rng(2);
        Assert.Equal(t.Select(v => (long)(v + 50 * draws.NextNormal())), jittered.T.ToArray()); // truncated toward 0
        Assert.NotEqual(jittered.T.ToArray().Order(), jittered.T.ToArray()); // unsorted by default

        EventStream clipped = new TimeJitter(50).Apply(events, new Rng(2));
        Assert.Equal(jittered.T.ToArray().Where(v => v >= 0), clipped.T.ToArray());
        Assert.True(clipped.Count < 200);
        EventStream sorted = new TimeJitter(50, SortTimestamps: true).Apply(events, new Rng(2));
        Assert.Equal(clipped.T.ToArray().Order(), sorted.T.ToArray());
    }

    [Fact]
    public void CropTimeIsInclusiveAtBothEnds()
    {
        Assert.Equal([150L, 299L, 300L], new CropTime(150, 300).Apply(FiveEvents(), s_rng).T.ToArray());
        Assert.Equal([300L, 1000L], new CropTime(300).Apply(FiveEvents(), s_rng).T.ToArray());
    }

    [Fact]
    public void CenterCropShiftsByFloorHalvedOffsetsAndPadsWhenLarger()
    {
        var events = new EventStream([0, 1, 3, 4], [0, 1, 3, 4], [0, 0, 1, 1], [0, 1, 2, 3], new SensorSize(5, 5, 2));
        EventStream cropped = new CenterCrop(3, 3).Apply(events, s_rng); // offsets (1, 1)
        Assert.Equal([0, 2], cropped.X.ToArray());
        Assert.Equal([0, 2], cropped.Y.ToArray());
        Assert.Equal(new SensorSize(3, 3, 2), cropped.Sensor);
        EventStream padded = new CenterCrop(7, 7).Apply(events, s_rng); // offsets (-1, -1): nothing dropped, shifted by +1
        Assert.Equal([1, 2, 4, 5], padded.X.ToArray());
    }

    [Fact]
    public void RandomCropKeepsABoxOfTheTargetSize()
    {
        // One event per pixel of a 10×10 sensor: any 4×4 box holds exactly 16, each pixel once.
        int[] xs = Enumerable.Range(0, 100).Select(i => i % 10).ToArray();
        int[] ys = Enumerable.Range(0, 100).Select(i => i / 10).ToArray();
        var events = new EventStream(xs, ys, new int[100], new long[100], new SensorSize(10, 10, 1));
        for (ulong seed = 0; seed < 40; seed++)
        {
            EventStream crop = new RandomCrop(4, 4).Apply(events, new Rng(seed));
            Assert.Equal(16, crop.Count);
            Assert.Equal(16, crop.X.ToArray().Zip(crop.Y.ToArray()).Distinct().Count());
            Assert.All(crop.X.ToArray(), x => Assert.InRange(x, 0, 3));
            Assert.All(crop.Y.ToArray(), y => Assert.InRange(y, 0, 3));
        }
    }

    [Fact]
    public void ComposeForksTheStreamPerTransform()
    {
        IEventTransform pipeline = EventTransforms.Compose(new CropTime(0, 400), new DropEvent(0.5));
        EventStream a = pipeline.Apply(FiveEvents(), new Rng(3));
        EventStream b = pipeline.Apply(FiveEvents(), new Rng(3));
        Assert.Equal(a.T.ToArray(), b.T.ToArray());
        Assert.Equal(2, a.Count); // 4 events up to t = 400, int(2 + 0.5) = 2 dropped
    }
}
