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

    /// <summary>The HDF5 file involved.</summary>
    public string FilePath { get; }

    /// <summary>The group, dataset or attribute path inside the file, when one was involved.</summary>
    public string? ObjectPath { get; }
}
