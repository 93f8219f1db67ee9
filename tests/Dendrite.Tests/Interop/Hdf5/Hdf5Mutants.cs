using Dendrite.Interop.Hdf5;
using Dendrite.Interop.Hdf5.Validation;

namespace Dendrite.Tests.Interop.Hdf5;

/// <summary>
/// Seeded broken variants of a valid HDF5 image. Most hit metadata (the structures the validator reads in the
/// valid file: superblock, object headers, B-trees, heaps), where unguarded libhdf5 1.10 crashes or hangs on
/// 6–20% of these mutants; the rest are truncations, insertions and changes anywhere.
/// </summary>
public static class Hdf5Mutants
{
    private static readonly ulong[] s_extremes = [0, 1, 7, 8, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x1_0000_0000, ulong.MaxValue, ulong.MaxValue - 7];

    public static IEnumerable<byte[]> Of(byte[] valid, int count, int seed)
    {
        List<(long Address, long Length)> metadata = Hdf5Validator.StructureRanges(valid, "valid.h5");
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = (byte[])valid.Clone();
            (long start, long length) = metadata[random.Next(metadata.Count)];
            int inside = (int)(start + random.NextInt64(length));
            switch (i % 10)
            {
                case < 4: // one to three bytes inside one structure
                    for (int k = 1 + random.Next(3); k > 0; k--)
                    {
                        bytes[(int)(start + random.NextInt64(length))] = (byte)random.Next(256);
                    }
                    break;
                case 4 or 5: // an extreme 1-, 2-, 4- or 8-byte field inside a structure
                    int width = 1 << random.Next(4);
                    byte[] word = BitConverter.GetBytes(s_extremes[random.Next(s_extremes.Length)]);
                    word.AsSpan(0, Math.Min(width, bytes.Length - inside)).CopyTo(bytes.AsSpan(inside));
                    break;
                case 6: // a single bit
                    bytes[inside] ^= (byte)(1 << random.Next(8));
                    break;
                case 7: // bytes anywhere
                    for (int k = 1 + random.Next(4); k > 0; k--)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    }
                    break;
                case 8:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default: // junk inserted (everything after it moves)
                    int at = random.Next(bytes.Length + 1);
                    byte[] junk = new byte[1 + random.Next(16)];
                    random.NextBytes(junk);
                    bytes = [.. bytes[..at], .. junk, .. bytes[at..]];
                    break;
            }
            yield return bytes;
        }
    }

    /// <summary>A small file in the layout NIR files have: nested groups, attributes, float32/float64 data, gzip chunks, vlen strings.</summary>
    public static byte[] NirLikeImage(string name)
    {
        using var file = Hdf5File.CreateInMemory(name);
        file.WriteString("version", "1.0.8");
        using (Hdf5Group node = file.CreateGroup("node"))
        using (Hdf5Group nodes = node.CreateGroup("nodes"))
        {
            foreach ((string key, int size) in new[] { ("lif", 4), ("affine", 3) })
            {
                using Hdf5Group g = nodes.CreateGroup(key);
                g.WriteString("type", key == "lif" ? "LIF" : "Affine");
                g.Write<float>("weight", Enumerable.Range(0, size * 5).Select(i => i * 0.25f - 1).ToArray(), [size, 5], gzipLevel: 4);
                g.Write<double>("bias", Enumerable.Range(0, size).Select(i => i / 3.0).ToArray(), gzipLevel: 1);
                g.Write<double>("tau", Enumerable.Range(0, size).Select(i => 0.01 * (i + 1)).ToArray());
                g.WriteScalar("dt", 0.001);
                g.Write<long>("shape", [size, 5L]);
                g.Attributes.Write("unit", "seconds");
                g.Attributes.WriteScalar("threshold", 1.5);
                g.Attributes.Write<int>("ids", [7, 8, 9]);
            }
            node.WriteStrings("edges", ["input", "lif", "lif", "affine", "affine", "output"]);
        }
        return file.GetImage();
    }

    /// <summary>Opens <paramref name="image"/> and reads every group, dataset and attribute through the binding.</summary>
    public static void ReadEverything(byte[] image, string name)
    {
        using var file = Hdf5File.OpenImage(image, name);
        Walk(file);
    }

    private static void Walk(Hdf5Location location)
    {
        ReadAttributes(location);
        foreach (Hdf5Child child in location.Children())
        {
            if (child.Kind == Hdf5ObjectKind.Group)
            {
                using Hdf5Group group = location.OpenGroup(child.Name);
                Walk(group);
            }
            else if (child.Kind == Hdf5ObjectKind.Dataset)
            {
                using Hdf5Dataset dataset = location.OpenDataset(child.Name);
                ReadAttributes(dataset);
                _ = dataset.TypeClass is Hdf5TypeClass.String ? dataset.ReadStrings().Length : dataset.Read<double>().Length;
            }
        }
    }

    private static void ReadAttributes(Hdf5Object owner)
    {
        foreach (string attribute in owner.Attributes.Names())
        {
            _ = attribute == "unit" ? owner.Attributes.ReadString(attribute).Length : owner.Attributes.Read<double>(attribute).Length;
        }
    }
}
