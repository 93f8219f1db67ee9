using System.Diagnostics;
using Dendrite.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Interop.Hdf5;

/// <summary>
/// Corrupt files in the layout NIR uses (nested groups, attributes, float32/float64 data, gzip chunks, vlen
/// strings) are read in-process through the binding: each must read completely or fail with an
/// <see cref="Hdf5Exception"/> naming the file and a byte offset or object — never crash, hang or allocate wildly.
/// </summary>
public sealed class Hdf5FuzzTests
{
    private const string Name = "nir.h5";

    [Hdf5Fact]
    public void TheValidNirLikeFileReadsBackWhatWasWritten()
    {
        byte[] image = Hdf5Mutants.NirLikeImage(Name);
        using var file = Hdf5File.OpenImage(image, Name);
        Assert.Equal("1.0.8", file.ReadString("version"));
        Assert.Equal(["input", "lif", "lif", "affine", "affine", "output"], file.ReadStrings("node/edges"));
        using Hdf5Group lif = file.OpenGroup("node/nodes/lif");
        Assert.Equal([-1f, -0.75f, -0.5f, -0.25f, 0f, 0.25f], lif.Read<float>("weight")[..6]);
        Assert.Equal(3.75f, lif.Read<float>("weight")[19]); // 19 × 0.25 − 1
        Assert.Equal([0.0, 1 / 3.0, 2 / 3.0, 1.0], lif.Read<double>("bias"));
        Assert.Equal([0.01, 0.02, 0.03, 0.04], lif.Read<double>("tau"));
        Assert.Equal([4L, 5L], lif.Read<long>("shape"));
        Assert.Equal("seconds", lif.Attributes.ReadString("unit"));
        Assert.Equal(1.5, lif.Attributes.ReadScalar<double>("threshold"));
        Assert.Equal([7, 8, 9], lif.Attributes.Read<int>("ids"));
    }

    [Hdf5Fact]
    public void MutantsReadOrFailNamingTheFileAndWhere()
    {
        byte[] valid = Hdf5Mutants.NirLikeImage(Name);
        int parsed = 0, rejected = 0;
        foreach (byte[] mutant in Hdf5Mutants.Of(valid, 1200, seed: 2))
        {
            var watch = Stopwatch.StartNew();
            try
            {
                Hdf5Mutants.ReadEverything(mutant, Name);
                parsed++;
            }
            catch (Hdf5Exception e)
            {
                Assert.Equal(Name, e.FilePath);
                Assert.Contains($"'{Name}'", e.Message);
                Assert.True(e.Offset is not null || e.ObjectPath is not null, e.Message);
                rejected++;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"a mutant of {mutant.Length} bytes took {watch.Elapsed}.");
        }
        // Seed 2, run out-of-process against the binding without validation: 70 crashes (SIGSEGV/SIGABRT) and 5 hangs in 1200.
        Assert.True(rejected > 600 && parsed > 100, $"{rejected} rejected, {parsed} parsed");
    }
}
