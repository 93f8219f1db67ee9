using Dendrite.Data;
using Dendrite.Interop.Hdf5;
using Dendrite.Tests.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Data;

/// <summary>
/// Robustness of the SHD reader. libhdf5 1.10.8 itself segfaults or spins on some corrupted metadata bytes, so
/// <see cref="Hdf5File"/> validates the file's structure first; here mutants aimed at that metadata run in-process.
/// 3500 inputs in all: 1000 truncations, 1500 metadata-heavy byte mutants, 600 data-byte mutants, 400 structural mutants.
/// </summary>
public sealed class SpikingAudioFuzzTests
{
    private static readonly ushort[] s_labels = [17, 3, 11, 5, 19, 2, 13, 7];
    private static readonly ushort[][] s_units = Enumerable.Range(0, 8).Select(r => Enumerable.Range(0, 6).Select(j => (ushort)(600 + 10 * r + j)).ToArray()).ToArray();
    private static readonly float[][] s_times = Enumerable.Range(0, 8).Select(r => Enumerable.Range(0, 6).Select(j => (float)(Half)(0.01 * (r + 1) + 0.1 * j)).ToArray()).ToArray();

    private const string Name = "fuzz.h5";

    private static void ReadEverything(byte[] image)
    {
        using var shd = SpikingAudioDataset.Open(image, Name);
        shd.ReadAll(); // checks every sample
        if (shd.Count > 0)
        {
            shd.Get(shd.Count - 1); // and the one-row (hyperslab) path
        }
    }

    private static byte[] ValidFile() => SpikingAudioDatasetTests.ShdImage(s_times, s_units, s_labels, SpikingAudioDatasetTests.Keys);

    [Hdf5Fact]
    public void TruncatedFilesFailNamingTheFile()
    {
        byte[] valid = ValidFile();
        var lengths = Enumerable.Range(0, 1000).Select(i => (int)((long)i * 7919 % valid.Length)).ToArray();
        (int parsed, int rejected) = Fuzz.Check(lengths.Select(n => valid[..n]), Name, ReadEverything);
        Assert.Equal((0, 1000), (parsed, rejected));
    }

    [Hdf5Fact]
    public void MutatedMetadataFailsNamingTheFileAndOffsetWithoutCrashing()
    {
        // Seed 1, run out-of-process against the reader without validation: 291 crashes (SIGSEGV/SIGABRT) and 13 hangs in 1500.
        byte[] valid = ValidFile();
        (int parsed, int rejected) = Fuzz.Check(Hdf5Mutants.Of(valid, 1500, seed: 1), Name, ReadEverything);
        Assert.True(rejected > 900 && parsed > 100, $"{rejected} rejected, {parsed} parsed");
    }

    [Hdf5Fact]
    public void MutatedLabelUnitAndTimeBytesFailNamingTheDataset()
    {
        byte[] valid = ValidFile();
        (int Start, int Length)[] regions =
        [
            Find(valid, s_labels.SelectMany(BitConverter.GetBytes).ToArray()),
            .. s_units.Select(row => Find(valid, row.SelectMany(BitConverter.GetBytes).ToArray())),
            .. s_times.Select(row => Find(valid, row.SelectMany(t => BitConverter.GetBytes((Half)t)).ToArray())),
        ];
        var random = new Random(21);
        IEnumerable<byte[]> mutants = Enumerable.Range(0, 600).Select(_ =>
        {
            byte[] bytes = (byte[])valid.Clone();
            for (int k = 1 + random.Next(3); k > 0; k--)
            {
                (int start, int length) = regions[random.Next(regions.Length)];
                bytes[start + random.Next(length)] = (byte)random.Next(256);
            }
            return bytes;
        });
        (int parsed, int rejected) = Fuzz.Check(mutants, Name, ReadEverything);
        Assert.True(rejected > 200 && parsed > 60, $"{rejected} rejected, {parsed} parsed");
    }

    [Hdf5Fact]
    public void StructuralMutantsFailNamingTheDataset()
    {
        var random = new Random(22);
        int parsed = 0, rejected = 0;
        for (int i = 0; i < 400; i++)
        {
            int kind = random.Next(12);
            byte[] image = Variant(kind, random);
            try
            {
                ReadEverything(image);
                parsed++;
                Assert.True(kind == 0, $"variant {kind} was accepted");
            }
            catch (DataFormatException e)
            {
                Assert.Equal(Name, e.FilePath);
                Assert.NotNull(e.Field);
                Assert.StartsWith(Name, e.Message);
                rejected++;
            }
        }
        Assert.True(parsed > 0 && rejected > 300, $"{rejected} rejected, {parsed} parsed");
    }

    /// <summary>Variant 0 is valid (random sizes and values in range); every other variant breaks one rule of the layout.</summary>
    private static byte[] Variant(int kind, Random random)
    {
        using var file = Hdf5File.CreateInMemory(Name);
        WriteVariant(file, kind, random);
        return file.GetImage();
    }

    private static void WriteVariant(Hdf5File file, int kind, Random random)
    {
        int n = 1 + random.Next(4);
        float[][] times = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, random.Next(5)).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        ushort[][] units = times.Select(row => row.Select(_ => (ushort)random.Next(700)).ToArray()).ToArray();
        ushort[] labels = Enumerable.Range(0, n).Select(_ => (ushort)random.Next(20)).ToArray();
        int row0 = random.Next(n);
        using Hdf5Group spikes = file.CreateGroup("spikes");
        using Hdf5Group extra = file.CreateGroup("extra");
        switch (kind)
        {
            case 1: // a unit beyond the 700 channels
                units[row0] = [.. units[row0], (ushort)(700 + random.Next(60_000))];
                times[row0] = [.. times[row0], 0.5f];
                break;
            case 2: // ragged rows of different lengths
                units[row0] = [.. units[row0], 1];
                break;
            case 3: // a time that is negative, infinite or NaN
                times[row0] = [.. times[row0], new[] { -0.5f, float.PositiveInfinity, float.NaN }[random.Next(3)]];
                units[row0] = [.. units[row0], 1];
                break;
            case 4: // one label too few or too many
                labels = random.Next(2) == 0 ? labels[1..] : [.. labels, 0];
                break;
            case 5: // a label with no class name
                labels[row0] = (ushort)(20 + random.Next(100));
                break;
            case 6: // no /labels
                spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
                spikes.WriteVarLen("units", units);
                return;
            case 7: // no /spikes/units
                spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
                file.Write<ushort>("labels", labels);
                return;
            case 8: // times stored as a plain 1-D float array
                spikes.Write<float>("times", times.SelectMany(t => t).ToArray());
                spikes.WriteVarLen("units", units);
                file.Write<ushort>("labels", labels);
                return;
            case 9: // labels stored as strings
                spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
                spikes.WriteVarLen("units", units);
                file.WriteStrings("labels", labels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
                return;
            case 10: // labels of rank 2
                spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
                spikes.WriteVarLen("units", units);
                file.Write<ushort>("labels", [.. labels, .. labels], [2, n]);
                return;
            case 11: // negative labels
                spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
                spikes.WriteVarLen("units", units);
                file.Write<short>("labels", labels.Select(l => (short)-(l + 1)).ToArray());
                return;
        }
        spikes.WriteVarLen("times", times, Hdf5ElementType.Float16);
        spikes.WriteVarLen("units", units);
        file.Write<ushort>("labels", labels);
        if (kind is 0 or 5 || random.Next(4) == 0)
        {
            extra.WriteStrings("keys", SpikingAudioDatasetTests.Keys); // optional in the layout; needed to reject variant 5
        }
    }

    private static (int Start, int Length) Find(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in the written file");
        return (at, needle.Length);
    }
}
