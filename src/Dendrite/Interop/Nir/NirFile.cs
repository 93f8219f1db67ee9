using Dendrite.Interop.Hdf5;

namespace Dendrite.Interop.Nir;

/// <summary>
/// Reads and writes NIR graph files (HDF5, <c>nir.read</c>/<c>nir.write</c> layout of nir 1.0.8: <c>/version</c> and the
/// graph under <c>/node</c>). Files from older nir versions (contiguous datasets, missing <c>v_reset</c>/<c>w_in</c>,
/// float64 parameters, empty float64 <c>edges</c>) read as well.
/// </summary>
public static class NirFile
{
    /// <summary>Reads and validates the graph in <paramref name="path"/>.</summary>
    /// <exception cref="NirFormatException">The file is not a NIR graph or a node is malformed; the message names the node.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static NirGraph Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using Hdf5File file = Hdf5File.OpenRead(path);
            return Read(file, path);
        }
        catch (Hdf5Exception error)
        {
            throw new NirFormatException(path, null, $"not a readable NIR (HDF5) file: {error.Message}", error);
        }
    }

    /// <summary>Reads a NIR graph from an HDF5 image in memory (<paramref name="name"/> is used in messages).</summary>
    public static NirGraph ReadImage(ReadOnlySpan<byte> image, string name)
    {
        try
        {
            using Hdf5File file = Hdf5File.OpenImage(image, name);
            return Read(file, name);
        }
        catch (Hdf5Exception error)
        {
            throw new NirFormatException(name, null, $"not a readable NIR (HDF5) file: {error.Message}", error);
        }
    }

    /// <summary>
    /// Writes <paramref name="graph"/> atomically. Arrays are chunked and gzip-compressed (level 4, as nir ≥ 1.0.8) unless
    /// <paramref name="gzip"/> is false (contiguous, as older nir).
    /// </summary>
    /// <exception cref="IOException"><paramref name="path"/> exists and <paramref name="overwrite"/> is false.</exception>
    public static void Write(string path, NirGraph graph, bool overwrite = false, bool gzip = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] image = ToImage(graph, Path.GetFileName(path), gzip);
        AtomicFile.WriteAllBytes(path, image, overwrite);
    }

    /// <summary>The bytes of the NIR file for <paramref name="graph"/>.</summary>
    public static byte[] ToImage(NirGraph graph, string name = "graph.nir", bool gzip = true)
    {
        ArgumentNullException.ThrowIfNull(graph);
        NirTopology.Check(graph, name);
        using Hdf5File file = Hdf5File.CreateInMemory(name);
        file.WriteString("version", graph.Version);
        using (Hdf5Group node = file.CreateGroup("node"))
        {
            NirHdf5.WriteGroup(graph.ToTree(), node, gzip);
        }
        return file.GetImage();
    }

    private static NirGraph Read(Hdf5File file, string source)
    {
        if (!file.Contains("node"))
        {
            throw new NirFormatException(source, null, "has no '/node' group; not a NIR graph file.");
        }
        using Hdf5Group node = file.OpenGroup("node");
        NirGroup tree = NirHdf5.ReadGroup(node, source);
        if (!tree.Entries.TryGetValue("type", out NirValue? type) || type is not NirText { Values: [NirNode.GraphType] })
        {
            throw new NirFormatException(source, null, "'/node' is not a NIRGraph (its 'type' must be \"NIRGraph\").");
        }
        NirGraph graph = NirGraph.FromTree(tree, source);
        graph.Version = file.Contains("version") ? ReadVersion(file, source) : "unknown";
        NirTopology.Check(graph, source);
        return graph;
    }

    private static string ReadVersion(Hdf5File file, string source)
    {
        using Hdf5Dataset version = file.OpenDataset("version");
        if (version.TypeClass != Hdf5TypeClass.String)
        {
            throw new NirFormatException(source, null, "'/version' is not a string.");
        }
        return version.ReadString();
    }
}
