using Dendrite.Data;
using Dendrite.Events;
using Dendrite.Tests.Data;
using Xunit;

namespace Dendrite.Tests.Events;

public sealed class NmnistReaderTests
{
    /// <summary>One 40-bit event: x, y, then polarity in bit 7 of byte 2 and the 23-bit timestamp in the rest, big-endian.</summary>
    internal static byte[] Event(int x, int y, int p, int t) =>
        [(byte)x, (byte)y, (byte)(p << 7 | (t >> 16 & 0x7F)), (byte)(t >> 8), (byte)t];

    internal static readonly byte[] Sample =
    [
        .. Event(0, 0, 1, 0),
        .. Event(33, 33, 0, 0x7FFFFF), // the largest 23-bit timestamp
        .. Event(0, 240, 0, 0),        // overflow marker: 2^13 is added to later timestamps, the marker is dropped
        .. Event(5, 6, 1, 100),
    ];

    [Fact]
    public void ReadsFortyBitEventsAndTheOverflowMarker()
    {
        EventStream events = NmnistReader.Read(Sample, "00002.bin");
        Assert.Equal(SensorSize.Nmnist, events.Sensor);
        Assert.Equal([0, 33, 5], events.X.ToArray());
        Assert.Equal([0, 33, 6], events.Y.ToArray());
        Assert.Equal([1, 0, 1], events.P.ToArray());
        Assert.Equal([0L, 8_388_607L, 8_292L], events.T.ToArray());
    }

    [Fact]
    public void MalformedFilesNameOffsetAndField()
    {
        var truncated = Assert.Throws<DataFormatException>(() => NmnistReader.Read(Sample[..7], "a.bin"));
        Assert.Equal((5L, "event 1"), (truncated.Offset!.Value, truncated.Field!));
        var x = Assert.Throws<DataFormatException>(() => NmnistReader.Read([.. Event(1, 1, 0, 0), .. Event(34, 0, 0, 5)], "b.bin"));
        Assert.Equal((5L, "x of event 1"), (x.Offset!.Value, x.Field!));
        var y = Assert.Throws<DataFormatException>(() => NmnistReader.Read(Event(1, 239, 0, 0), "c.bin"));
        Assert.Equal((1L, "y of event 0"), (y.Offset!.Value, y.Field!));
        Assert.Equal(1, NmnistReader.Read(Event(200, 170, 1, 9), "caltech.bin", new SensorSize(240, 180, 2)).Count);
    }

    [Fact]
    public void FuzzedFilesParseOrFailWithOffset()
    {
        byte[] valid = [.. Sample, .. Sample, .. Sample];
        (int parsed, int rejected) = Fuzz.Check(Fuzz.Mutants(valid, 1500, seed: 31), "fuzz.bin", bytes =>
        {
            EventStream events = NmnistReader.Read(bytes, "fuzz.bin");
            Assert.All(events.X.ToArray(), v => Assert.InRange(v, 0, 33));
            Assert.All(events.Y.ToArray(), v => Assert.InRange(v, 0, 33));
        });
        Assert.True(rejected > 700 && parsed > 100, $"{rejected} rejected, {parsed} parsed");
    }

    [Fact]
    public void DatasetLabelsByFolderAndCutsTheFirstSaccade()
    {
        using var dir = new TempDirectory();
        foreach ((string split, int digit, string file, byte[] bytes) in new[]
        {
            ("Train", 3, "00001.bin", (byte[])[.. Event(1, 1, 1, 5), .. Event(2, 2, 0, 150_000)]),
            ("Train", 3, "00000.bin", Event(4, 4, 1, 7)),
            ("Train", 7, "00005.bin", Event(9, 9, 0, 99_999)),
            ("Test", 1, "00009.bin", Event(0, 0, 0, 0)),
        })
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, split, digit.ToString()));
            File.WriteAllBytes(Path.Combine(dir.Path, split, digit.ToString(), file), bytes);
        }
        NmnistDataset train = NmnistDataset.Open(dir.Path, DatasetSplit.Train, firstSaccadeOnly: true);
        Assert.Equal(3, train.Count);
        Assert.Equal([3, 3, 7], train.Samples.Select(s => s.Label));
        Assert.EndsWith("00000.bin", train.Samples[0].File);
        Assert.Equal(1, train.Get(1).Value.Count); // t = 150 000 µs is after the first saccade
        Assert.Equal(1, NmnistDataset.Load(DatasetSplit.Test, new DatasetOptions(dir.Path, Download: false)).Count);
    }
}
