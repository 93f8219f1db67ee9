using Microsoft.Win32.SafeHandles;

namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// Bounded random access to a file being validated: every read is checked against the end-of-file address the
/// superblock declares (libhdf5 never reads past it either), and failures become <see cref="Hdf5Exception"/>s
/// that name the file, the byte offset and the structure.
/// </summary>
internal abstract class Hdf5Bytes
{
    /// <summary>No single structure we validate is larger; a length beyond it is a corrupt length field.</summary>
    public const long MaxStructureBytes = 1L << 30;

    protected Hdf5Bytes(string name, long length)
    {
        Name = name;
        Length = length;
        Limit = length;
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    /// <summary>The actual number of bytes.</summary>
    public long Length { get; }

    /// <summary>The end-of-file address from the superblock once known (≤ <see cref="Length"/>).</summary>
    public long Limit { get; set; }

    /// <summary>When set, every structure read is recorded as (address, length): the file's metadata, for fuzz tests to aim at.</summary>
    public List<(long Address, long Length)>? Trace { get; init; }

    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="address"/>, which must lie inside the file.</summary>
    public Hdf5Block Read(long address, long length, string structure, string? objectPath = null)
    {
        CheckRange(address, length, structure, objectPath);
        var data = new byte[length];
        ReadAt(address, data);
        Trace?.Add((address, length));
        return new Hdf5Block(this, address, data, structure, objectPath);
    }

    /// <summary>Throws unless [<paramref name="address"/>, +<paramref name="length"/>) lies inside the file.</summary>
    public void CheckRange(long address, long length, string structure, string? objectPath)
    {
        if (address < 0 || address >= Limit)
        {
            throw Error(address, structure, objectPath, $"the address lies outside the file's {Limit} bytes.");
        }
        if (length < 0 || length > MaxStructureBytes || length > Limit - address)
        {
            throw Error(address, structure, objectPath, $"{(ulong)length} bytes from here run past the end of the file ({Limit} bytes).");
        }
    }

    public Hdf5Exception Error(long offset, string structure, string? objectPath, string problem)
    {
        string what = objectPath is null ? structure : $"{structure} of '{objectPath}'";
        return new Hdf5Exception($"HDF5 file '{Name}' is malformed at byte {offset} ({what}): {problem}", Name, objectPath, offset);
    }

    public Hdf5Exception Unsupported(long offset, string structure, string? objectPath, string feature)
    {
        string what = objectPath is null ? structure : $"{structure} of '{objectPath}'";
        return new Hdf5Exception(
            $"HDF5 file '{Name}' uses an unsupported HDF5 feature at byte {offset} ({what}): {feature}. " +
            "Dendrite opens the subset libhdf5 and h5py write by default.", Name, objectPath, offset);
    }

    protected abstract void ReadAt(long address, Span<byte> destination);

    /// <summary>A file on disk, read through its handle.</summary>
    public sealed class FromFile(string name, SafeFileHandle handle) : Hdf5Bytes(name, RandomAccess.GetLength(handle))
    {
        protected override void ReadAt(long address, Span<byte> destination)
        {
            while (destination.Length > 0)
            {
                int read = RandomAccess.Read(handle, destination, address);
                if (read == 0)
                {
                    throw Error(address, "file", null, "the file ended while it was being read (did it change?).");
                }
                destination = destination[read..];
                address += read;
            }
        }
    }

    /// <summary>A file image in memory, pinned by the caller for the lifetime of this object.</summary>
    public sealed unsafe class FromMemory(string name, byte* bytes, long length) : Hdf5Bytes(name, length)
    {
        protected override void ReadAt(long address, Span<byte> destination) =>
            new ReadOnlySpan<byte>(bytes + address, destination.Length).CopyTo(destination);
    }
}
