using Dendrite.Data;
using Dendrite.Events;
using Dendrite.Interop.Hdf5;
using Dendrite.Tensors;
using Dendrite.Tests.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class SpikingAudioDatasetTests : IDisposable
{
    // Every time is exact in float16 except 0.1, whose nearest half is 1638/16384 = 0.0999755859375.
    internal static readonly float[][] Times = [[0f, 0.25f, 0.5f, 0.5f, 0.9990234375f], [0.1f], []];
    internal static readonly ushort[][] Units = [[3, 3, 0, 0, 699], [12], []];
    internal static readonly ushort[] LabelValues = [19, 0, 7];
    internal static readonly string[] Keys = Enumerable.Range(0, 20).Select(i => (i < 10 ? "english-" : "german-") + i % 10).ToArray();

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes the SHD layout: ragged float16 seconds, ragged uint16 units, uint16 labels, extra/keys and extra/speaker.</summary>
    internal static void WriteShd(string path, float[][] times, ushort[][] units, ushort[] labels, string[]? keys)
    {
        using var file = Hdf5File.Create(path, overwrite: true);
        WriteShd(file, times, units, labels, keys);
    }

    /// <summary>The same layout as an in-memory file image.</summary>
    internal static byte[] ShdImage(float[][] times, ushort[][] units, ushort[] labels, string[]? keys)
    {
        using var file = Hdf5File.CreateInMemory("shd.h5");
        WriteShd(file, times, units, labels, keys);
        return file.GetImage();
    }

    private static void WriteShd(Hdf5File file, float[][] times, ushort[][] units, ushort[] labels, string[]? keys)
    {
        using (Hdf5Group spikes = file.CreateGroup("spikes"))
        {
            spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
            spikes.WriteVarLen("units", units);
        }
        file.Write<ushort>("labels", labels);
        using Hdf5Group extra = file.CreateGroup("extra");
        extra.Write<ushort>("speaker", labels.Select(l => (ushort)(l % 12)).ToArray());
        if (keys is not null)
        {
            extra.WriteStrings("keys", keys);
        }
    }

    [Hdf5Fact]
    public void ReadsTheShdLayout()
    {
        string path = _dir.File("shd_test.h5");
        WriteShd(path, Times, Units, LabelValues, Keys);
        using var shd = SpikingAudioDataset.Open(path);

        Assert.Equal(3, shd.Count);
        Assert.Equal([19, 0, 7], shd.Labels.ToArray());
        Assert.Equal("german-9", shd.ClassNames[19]);
        Labeled<SpikeTrain> first = shd.Get(0);
        Assert.Equal(19, first.Label);
        Assert.Equal([0f, 0.25f, 0.5f, 0.5f, 0.9990234375f], first.Value.Times);
        Assert.Equal([3, 3, 0, 0, 699], first.Value.Units);
        Assert.Equal([0.0999755859375f], shd.Get(1).Value.Times);
        Assert.Empty(shd.Get(2).Value.Times);
        Labeled<SpikeTrain>[] all = shd.ReadAll();
        Assert.Equal(first.Value.Units, all[0].Value.Units);
        Assert.Equal(first.Value.Times, all[0].Value.Times);
    }

    [Hdf5Fact]
    public void LoadFindsTheFileInTheDataRoot()
    {
        Directory.CreateDirectory(_dir.File("shd"));
        WriteShd(Path.Combine(_dir.File("shd"), "shd_train.h5"), Times, Units, LabelValues, Keys);
        using var shd = SpikingAudioDataset.Load(SpikingAudioKind.Shd, DatasetSplit.Train, new DatasetOptions(_dir.Path, Download: false));
        Assert.Equal(3, shd.Count);
        var missing = Assert.Throws<DatasetNotFoundException>(() => SpikingAudioDataset.Load(SpikingAudioKind.Shd, DatasetSplit.Test, new DatasetOptions(_dir.Path, Download: false, CacheDirectory: _dir.File("cache"))));
        Assert.Contains("shd_test.h5[.gz]", missing.Message);
        Assert.Contains("compneuro.net", missing.Message);
    }

    [Fact]
    public void EventsAreTonicsMicrosecondsTruncated()
    {
        EventStream events = new SpikeTrain([0f, 0.0999755859375f, 0.5f], [5, 12, 699]).ToEvents();
        // 0.0999755859375 s = 99975.5859375 µs, truncated to 99975.
        Assert.Equal([0L, 99_975L, 500_000L], events.T.ToArray());
        Assert.Equal([5, 12, 699], events.X.ToArray());
        Assert.Equal([1, 1, 1], events.P.ToArray());
        Assert.False(events.HasY);
        Assert.Equal(new SensorSize(700, 1, 1), events.Sensor);
    }

    [Fact]
    public void BinsByDtOrByCountFromTimeZero()
    {
        var train = new SpikeTrain([0f, 0.25f, 0.5f, 0.5f, 0.9990234375f], [3, 3, 0, 0, 699]);
        // dt = 0.25 s: bins floor(t / 0.25) = 0, 1, 2, 2, 3, so T = 4; unit 0 gets two spikes in bin 2.
        Tensor frames = new SpikeBinning(0.25).Apply(train);
        Assert.Equal(new TensorShape(4, 700), frames.Shape);
        Assert.Equal(1f, frames[0, 3]);
        Assert.Equal(1f, frames[1, 3]);
        Assert.Equal(2f, frames[2, 0]);
        Assert.Equal(1f, frames[3, 699]);
        Assert.Equal(5f, frames.Span.ToArray().Sum());
        Assert.Equal(1f, (new SpikeBinning(0.25) { Binary = true }).Apply(train)[2, 0]);

        // 2 bins over 0.5 s: dt = 0.25, spikes at t >= 0.5 s are dropped.
        Tensor two = SpikeBinning.WithBins(2, 0.5).Apply(train);
        Assert.Equal(new TensorShape(2, 700), two.Shape);
        Assert.Equal(2f, two.Span.ToArray().Sum());
    }

    [Hdf5Fact]
    public void InconsistentFilesNameTheDataset()
    {
        string path = _dir.File("bad.h5");
        WriteShd(path, Times, [[3, 3, 0, 0, 700], [12], []], LabelValues, Keys);
        using (var shd = SpikingAudioDataset.Open(path))
        {
            var unit = Assert.Throws<DataFormatException>(() => shd.Get(0));
            Assert.Equal("/spikes/units[0][4]", unit.Field);
            Assert.Contains("found 700", unit.Message);
            Assert.Equal([0.0999755859375f], shd.Get(1).Value.Times); // other samples still load
        }

        WriteShd(path, Times, [[3, 3, 0, 0], [12], []], LabelValues, Keys);
        using (var shd = SpikingAudioDataset.Open(path))
        {
            Assert.Equal("/spikes/units[0]", Assert.Throws<DataFormatException>(() => shd.Get(0)).Field);
        }

        WriteShd(path, Times, Units, [1, 2], Keys);
        Assert.Equal("/labels", Assert.Throws<DataFormatException>(() => SpikingAudioDataset.Open(path)).Field);

        WriteShd(path, Times, Units, [25, 0, 7], Keys);
        Assert.Equal("/labels[0]", Assert.Throws<DataFormatException>(() => SpikingAudioDataset.Open(path)).Field);

        using (var file = Hdf5File.Create(path, overwrite: true))
        {
            file.Write<float>("labels", [1f, 2f, 3f]);
        }
        var missing = Assert.Throws<DataFormatException>(() => SpikingAudioDataset.Open(path));
        Assert.Equal("/spikes/times", missing.Field);
        Assert.Contains("missing dataset", missing.Message);

        File.WriteAllText(path, "not hdf5");
        var notHdf5 = Assert.Throws<DataFormatException>(() => SpikingAudioDataset.Open(path));
        Assert.Equal(path, notHdf5.FilePath);
        Assert.Equal("file", notHdf5.Field);
    }
}
