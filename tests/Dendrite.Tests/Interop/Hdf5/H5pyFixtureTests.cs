using Dendrite.Interop.Hdf5;

namespace Dendrite.Tests.Interop.Hdf5;

/// <summary>
/// A file written by h5py itself (Fixtures/make_h5py_fixture.py, Debian h5py 3.7.0), not by our binding: the validator
/// must accept what h5py writes by default (vlen strings, gzip chunks, vlen float16/uint16 rows, bool as an int8 enum),
/// and the values must read back as the script wrote them.
/// </summary>
public sealed class H5pyFixtureTests
{
    private static readonly string s_path = Path.Combine(AppContext.BaseDirectory, "Interop", "Hdf5", "Fixtures", "h5py-defaults.h5");

    [Hdf5Fact]
    public void H5pyDefaultsOpenAndReadAsWritten()
    {
        using Hdf5File file = Hdf5File.OpenRead(s_path);
        Assert.Equal("1.0.8", file.ReadString("version"));
        using Hdf5Group node = file.OpenGroup("node");
        Assert.Equal([1f, 2f, 3f], node.Read<float>("tau"));
        Assert.Equal([1e-3], node.Read<double>("dt"));
        using Hdf5Dataset times = node.OpenDataset("times");
        Half[][] rows = times.ReadVarLen<Half>();
        Assert.Equal([(Half)0.5, (Half)0.25], rows[0]);
        Assert.Equal([(Half)1.0], rows[1]);
        using Hdf5Dataset units = node.OpenDataset("units");
        Assert.Equal([(ushort)699, (ushort)0], units.ReadVarLen<ushort>()[0]);
        Assert.True(file.Contains("mask"));
    }
}
