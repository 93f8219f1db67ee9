using System.Buffers.Binary;

namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// One structure's bytes with its file address, read little-endian (HDF5's on-disk order). A field that would run
/// past the structure is reported at its absolute offset instead of being read.
/// </summary>
internal sealed class Hdf5Block(Hdf5Bytes file, long address, byte[] data, string structure, string? objectPath)
{
    /// <summary>HDF5's "undefined address" (all bits set).</summary>
    public const long Undefined = -1;

    public Hdf5Bytes File { get; } = file;

    public long Address { get; } = address;

    public byte[] Data { get; } = data;

    public int Length => Data.Length;

    public string Structure { get; } = structure;

    public string? ObjectPath { get; } = objectPath;

    public byte U8(int at) => Field(at, 1)[0];

    public ushort U16(int at) => BinaryPrimitives.ReadUInt16LittleEndian(Field(at, 2));

    public uint U32(int at) => BinaryPrimitives.ReadUInt32LittleEndian(Field(at, 4));

    public ulong U64(int at) => BinaryPrimitives.ReadUInt64LittleEndian(Field(at, 8));

    /// <summary>An 8-byte address or length; anything past 2^62 other than <see cref="Undefined"/> is rejected by range checks later.</summary>
    public long Address64(int at) => unchecked((long)U64(at));

    public ReadOnlySpan<byte> Field(int at, int length)
    {
        if (at < 0 || length < 0 || at > Data.Length - length)
        {
            throw Error(at, $"a {length}-byte field at +{at} runs past the end of the {Data.Length}-byte structure.");
        }
        return Data.AsSpan(at, length);
    }

    /// <summary>A sub-structure (a message inside a header, a type inside an attribute) with its own name and bounds.</summary>
    public Hdf5Block Slice(int at, int length, string structure)
    {
        Field(at, length);
        return new Hdf5Block(File, Address + at, Data.AsSpan(at, length).ToArray(), structure, ObjectPath);
    }

    public void Require(bool condition, int at, string problem)
    {
        if (!condition)
        {
            throw Error(at, problem);
        }
    }

    public void Signature(string expected)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (U8(i) != expected[i])
            {
                throw Error(0, $"expected the signature \"{expected}\".");
            }
        }
    }

    public Hdf5Exception Error(int at, string problem) => File.Error(Address + at, Structure, ObjectPath, problem);

    public Hdf5Exception Unsupported(int at, string feature) => File.Unsupported(Address + at, Structure, ObjectPath, feature);
}
