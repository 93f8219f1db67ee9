using System.Buffers.Binary;
using System.Text;

namespace Dendrite.Interop.Numpy;

/// <summary>
/// Reads and writes NumPy's .npy format (versions 1.0–3.0): magic "\x93NUMPY", version, header length,
/// a Python-dict header padded to 64 bytes, then the raw data. Fortran order and object arrays are rejected.
/// </summary>
public static class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    // NumPy refuses headers above this size by default (max_header_size), as protection against hostile files.
    private const int MaxHeaderLength = 10_000;

    /// <summary>Reads an array from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="NpyFormatException">The bytes are not a supported .npy array; the message gives the offset or field.</exception>
    public static NpyArray Read(Stream stream, string source) => Read(stream, source, availableBytes: null);

    /// <summary>Reads an array of at most <paramref name="availableBytes"/> bytes in all (when known).</summary>
    internal static NpyArray Read(Stream stream, string source, long? availableBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> preamble = stackalloc byte[8];
        ReadExactly(stream, preamble, source, 0, "magic and version");
        if (!preamble[..6].SequenceEqual(Magic))
        {
            throw new NpyFormatException($"{source}: byte 0: not a .npy file (the magic string \\x93NUMPY is missing).");
        }
        byte major = preamble[6];
        int lengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw new NpyFormatException($"{source}: byte 6: unsupported .npy version {major}.{preamble[7]} (expected 1, 2 or 3)."),
        };
        Span<byte> lengthBytes = stackalloc byte[4];
        ReadExactly(stream, lengthBytes[..lengthSize], source, 8, "header length");
        long headerLength = lengthSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new NpyFormatException($"{source}: byte 8: header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes.");
        }
        long headerStart = 8 + lengthSize;
        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, source, headerStart, "header");
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        NpyHeader header = NpyHeader.Parse(text, source, headerStart);
        if (header.FortranOrder)
        {
            throw new NpyFormatException($"{source}: header field 'fortran_order' is True; only C-order arrays are supported (save with np.ascontiguousarray).");
        }
        if (!NpyDataTypes.TryParse(header.Descr, out NpyDataType type, out bool bigEndian))
        {
            throw new NpyFormatException(
                $"{source}: header field 'descr' is '{header.Descr}'; supported are bool, int8–64, uint8–64, float32 and float64 (object, string and record arrays are not).");
        }
        long count = 1;
        foreach (int dim in header.Shape)
        {
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new NpyFormatException($"{source}: header field 'shape' ({string.Join(", ", header.Shape)}) has more elements than an array can hold.");
            }
        }
        long dataLength = count * NpyDataTypes.Size(type);
        long dataStart = headerStart + headerLength;
        if (dataLength > Array.MaxLength)
        {
            throw new NpyFormatException($"{source}: byte {dataStart}: the data would take {dataLength} bytes, more than an array can hold.");
        }
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : availableBytes - dataStart;
        if (remaining < dataLength)
        {
            throw new NpyFormatException(
                $"{source}: byte {dataStart}: shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {dataLength} data bytes; the file has {remaining}.");
        }
        byte[] data = ReadData(stream, (int)dataLength, source, dataStart);
        if (bigEndian)
        {
            SwapBytes(data, NpyDataTypes.Size(type));
        }
        return new NpyArray(type, header.Shape, data);
    }

    /// <summary>Reads the .npy file at <paramref name="path"/>.</summary>
    public static NpyArray Load(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Writes <paramref name="array"/> in .npy version 1.0 (2.0 if the header needs it), header padded to 64 bytes.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        string header = NpyHeader.Format(NpyDataTypes.Descr(array.DataType), array.Shape);
        int major = header.Length + 11 > ushort.MaxValue ? 2 : 1;
        int preamble = major == 1 ? 10 : 12;
        // Pad with spaces and end with '\n' so the data starts on a 64-byte boundary, as NumPy does.
        int padded = (preamble + header.Length + 1 + 63) / 64 * 64 - preamble;
        header = header.PadRight(padded - 1) + "\n";
        stream.Write(Magic);
        stream.WriteByte((byte)major);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
            stream.Write(length[..2]);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
            stream.Write(length);
        }
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(array.Data);
    }

    private static byte[] ReadData(Stream stream, int length, string source, long offset)
    {
        if (stream.CanSeek)
        {
            var data = new byte[length];
            ReadExactly(stream, data, source, offset, "data");
            return data;
        }
        // Unknown length: grow only as bytes arrive, so a lying header cannot force a huge allocation.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (buffer.Length < length)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, length - buffer.Length));
            if (read == 0)
            {
                throw new NpyFormatException($"{source}: byte {offset + buffer.Length}: data ends after {buffer.Length} of {length} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static void ReadExactly(Stream stream, Span<byte> destination, string source, long offset, string what)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = stream.Read(destination[total..]);
            if (read == 0)
            {
                throw new NpyFormatException($"{source}: byte {offset + total}: file ends inside the {what} ({total} of {destination.Length} bytes).");
            }
            total += read;
        }
    }

    private static void SwapBytes(byte[] data, int size)
    {
        if (size == 1)
        {
            return;
        }
        for (int i = 0; i < data.Length; i += size)
        {
            data.AsSpan(i, size).Reverse();
        }
    }
}
