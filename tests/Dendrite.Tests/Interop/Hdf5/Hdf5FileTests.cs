using System.Diagnostics;
using Dendrite.Interop.Hdf5;
using Dendrite.Tests.Data;
using Xunit;

namespace Dendrite.Tests.Interop.Hdf5;

public sealed class Hdf5FileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Hdf5Fact]
    public void NestedGroupsDatasetsAndAttributesRoundTrip()
    {
        string path = _dir.File("graph.h5");
        float[] weight = [1f, -2f, 3.5f, 0.25f, 5f, 6f];
        using (var file = Hdf5File.Create(path))
        {
            file.WriteString("version", "1.0.8");
            using Hdf5Group node = file.CreateGroup("node");
            using Hdf5Group nodes = node.CreateGroup("nodes");
            using Hdf5Group lif = nodes.CreateGroup("lif");
            lif.WriteString("type", "LIF");
            lif.Write<float>("weight", weight, [2, 3], gzipLevel: 4);
            lif.WriteScalar("dt", 0.001);
            lif.Write<long>("shape", [2L, 3L]);
            node.WriteStrings("edges", ["input", "lif", "lif", "output"]);
            lif.Attributes.Write("unit", "seconds");
            lif.Attributes.WriteScalar("tau", 0.02);
            lif.Attributes.Write<int>("ids", [7, 8, 9]);
        }

        Assert.True(Hdf5Library.Version >= new Version(1, 10), $"HDF5 {Hdf5Library.Version}");
        using var read = Hdf5File.OpenRead(path);
        Assert.Equal("1.0.8", read.ReadString("version"));
        Assert.True(read.Contains("node/nodes/lif/weight"));
        Assert.False(read.Contains("node/nodes/missing/weight"));
        Assert.Equal(
            [new Hdf5Child("nodes", Hdf5ObjectKind.Group), new Hdf5Child("edges", Hdf5ObjectKind.Dataset)],
            read.OpenGroup("node").Children().OrderBy(c => c.Kind).ToArray());
        using Hdf5Group readLif = read.OpenGroup("/node/nodes/lif");
        Assert.Equal(["dt", "shape", "type", "weight"], readLif.Children().Select(c => c.Name));
        using (Hdf5Dataset w = readLif.OpenDataset("weight"))
        {
            Assert.Equal([2L, 3L], w.Dimensions);
            Assert.Equal(Hdf5TypeClass.Float, w.TypeClass);
            Assert.Equal(weight, w.Read<float>());
            Assert.Equal(weight.Select(v => (double)v), w.Read<double>());
            Assert.Equal("/node/nodes/lif/weight", w.ObjectPath);
        }
        using (Hdf5Dataset dt = readLif.OpenDataset("dt"))
        {
            Assert.Empty(dt.Dimensions);
            Assert.Equal([0.001], dt.Read<double>());
        }
        Assert.Equal([2, 3], readLif.Read<int>("shape"));
        Assert.Equal(["input", "lif", "lif", "output"], read.ReadStrings("node/edges"));
        Assert.Equal("LIF", readLif.ReadString("type"));
        Assert.Equal(["ids", "tau", "unit"], readLif.Attributes.Names());
        Assert.Equal("seconds", readLif.Attributes.ReadString("unit"));
        Assert.Equal(0.02, readLif.Attributes.ReadScalar<double>("tau"));
        Assert.Equal([7L, 8L, 9L], readLif.Attributes.Read<long>("ids"));
        Assert.False(readLif.Attributes.Contains("missing"));
    }

    [Hdf5Fact]
    public void Float16RaggedRowsConvertOnReadAndWrite()
    {
        string path = _dir.File("ragged.h5");
        // 0.1 is not a half: the nearest half is 1638 / 16384 = 0.0999755859375 (10-bit mantissa, exponent -4).
        float[][] times = [[0f, 0.5f, 0.25f], [], [1.5f, 0.0009765625f, 0.1f]];
        ushort[][] units = [[0, 699, 5], [], [1, 2, 3]];
        using (var file = Hdf5File.Create(path))
        {
            file.WriteVarLen("times", times, Hdf5ElementType.Float16);
            file.WriteVarLen("units", units);
        }

        using var read = Hdf5File.OpenRead(path);
        using Hdf5Dataset timesSet = read.OpenDataset("times");
        Assert.Equal(Hdf5TypeClass.VariableLength, timesSet.TypeClass);
        Assert.Equal([3L], timesSet.Dimensions);
        float[][] back = timesSet.ReadVarLen<float>();
        Assert.Equal([0f, 0.5f, 0.25f], back[0]);
        Assert.Empty(back[1]);
        Assert.Equal([1.5f, 0.0009765625f, 0.0999755859375f], back[2]);
        Assert.Equal((Half)0.1f, timesSet.ReadVarLen<Half>(2, 1)[0][2]);
        using Hdf5Dataset unitsSet = read.OpenDataset("units");
        int[][] slice = unitsSet.ReadVarLen<int>(start: 1, count: 2);
        Assert.Empty(slice[0]);
        Assert.Equal([1, 2, 3], slice[1]);
    }

    [Hdf5Fact]
    public void H5dumpReadsWhatTheBindingWrote()
    {
        if (!File.Exists("/usr/bin/h5dump"))
        {
            return; // hdf5-tools is not installed: nothing independent to compare with.
        }
        string path = _dir.File("dump.h5");
        using (var file = Hdf5File.Create(path))
        {
            file.Write<long>("counts", [1, 2, 3]);
            file.WriteVarLen("times", new float[][] { [0.5f, 0.25f] }, Hdf5ElementType.Float16);
            file.Attributes.Write("name", "shd");
        }
        string dump = Run("/usr/bin/h5dump", path);
        Assert.Contains("H5T_STD_I64LE", dump);
        Assert.Contains("(0): 1, 2, 3", dump);
        Assert.Contains("(0.5, 0.25)", dump);
        Assert.Contains("\"shd\"", dump);
        Assert.Contains("H5T_CSET_UTF8", dump);
    }

    [Fact]
    public void MissingLibraryMessageNamesTheDebianPackage()
    {
        var error = Assert.Throws<DllNotFoundException>(() => Hdf5Api.Load(["libdendrite-test-no-such-hdf5.so.1"], null));
        Assert.Contains("libhdf5-103-1", error.Message);
        Assert.Contains("libdendrite-test-no-such-hdf5.so.1", error.Message);
    }

    [Hdf5Fact]
    public void NonHdf5FileErrorNamesTheFileAndHdf5sReason()
    {
        string path = _dir.File("not.h5");
        File.WriteAllText(path, "this is not an HDF5 file");
        var error = Assert.Throws<Hdf5Exception>(() => Hdf5File.OpenRead(path));
        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("signature", error.Message);
    }

    [Hdf5Fact]
    public void MissingObjectsAndWrongKindsAreClearErrors()
    {
        string path = _dir.File("kinds.h5");
        using (var file = Hdf5File.Create(path))
        {
            file.WriteString("type", "LIF");
        }
        Assert.Throws<IOException>(() => Hdf5File.Create(path));
        Assert.Throws<FileNotFoundException>(() => Hdf5File.OpenRead(_dir.File("absent.h5")));
        using var read = Hdf5File.OpenRead(path);
        var missing = Assert.Throws<Hdf5Exception>(() => read.OpenDataset("node/weight"));
        Assert.Equal("/node/weight", missing.ObjectPath);
        var notNumbers = Assert.Throws<Hdf5Exception>(() => read.Read<float>("type"));
        Assert.Contains("String", notNumbers.Message);
        var notRows = Assert.Throws<Hdf5Exception>(() => read.OpenDataset("type").ReadVarLen<float>());
        Assert.Contains("not variable-length", notRows.Message);
    }

    private static string Run(string program, string argument)
    {
        var start = new ProcessStartInfo(program, [argument]) { RedirectStandardOutput = true, UseShellExecute = false };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
