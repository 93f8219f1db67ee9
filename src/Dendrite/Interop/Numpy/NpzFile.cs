using System.IO.Compression;

namespace Dendrite.Interop.Numpy;

/// <summary>NumPy's .npz: a zip archive of .npy files, one per named array (np.savez / np.savez_compressed).</summary>
public static class NpzFile
{
    // Bounds how many entries a hostile archive can make us open; each entry is bounded by its declared size.
    private const int MaxEntries = 100_000;

    /// <summary>Reads every array; names are the entry names without ".npy".</summary>
    /// <exception cref="NpyFormatException">Not a zip archive, or an entry is not a valid .npy array.</exception>
    public static IReadOnlyDictionary<string, NpyArray> Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            return ReadArchive(stream, source);
        }
        catch (Exception error) when (error is InvalidDataException or NotSupportedException or (IOException and not NpyFormatException))
        {
            throw new NpyFormatException($"{source}: not a valid .npz (zip) archive: {error.Message}");
        }
    }

    public static IReadOnlyDictionary<string, NpyArray> Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    private static Dictionary<string, NpyArray> ReadArchive(Stream stream, string source)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        if (archive.Entries.Count > MaxEntries)
        {
            throw new NpyFormatException($"{source}: {archive.Entries.Count} entries exceed the limit of {MaxEntries}.");
        }
        var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach (ZipArchiveEntry entry in archive.Entries)
        {
            string name = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
            using Stream entryStream = entry.Open();
            // The declared uncompressed size bounds what the entry may make us allocate (no zip bombs).
            arrays[name] = NpyFile.Read(entryStream, $"{source}[{entry.FullName}]", entry.Length);
        }
        return arrays;
    }

    /// <summary>Writes the arrays as "name.npy" entries, deflated when <paramref name="compress"/> (np.savez_compressed).</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NpyArray>> arrays, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach ((string name, NpyArray array) in arrays)
        {
            ZipArchiveEntry entry = archive.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            using Stream entryStream = entry.Open();
            NpyFile.Write(entryStream, array);
        }
    }
}
