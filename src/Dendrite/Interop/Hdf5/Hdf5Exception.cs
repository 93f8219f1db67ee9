namespace Dendrite.Interop.Hdf5;

/// <summary>An HDF5 call failed. The message names the file, the object inside it, the operation and HDF5's own reason.</summary>
public sealed class Hdf5Exception : IOException
{
    public Hdf5Exception(string message, string filePath, string? objectPath)
        : base(message)
    {
        FilePath = filePath;
        ObjectPath = objectPath;
    }

    /// <summary>A malformed or unsupported file structure found at <paramref name="offset"/> before libhdf5 saw the file.</summary>
    public Hdf5Exception(string message, string filePath, string? objectPath, long offset)
        : this(message, filePath, objectPath)
    {
        Offset = offset;
    }

    /// <summary>The HDF5 file involved.</summary>
    public string FilePath { get; }

    /// <summary>The group, dataset or attribute path inside the file, when one was involved.</summary>
    public string? ObjectPath { get; }

    /// <summary>The byte offset of a malformed structure, when the file's structure was rejected.</summary>
    public long? Offset { get; }
}
