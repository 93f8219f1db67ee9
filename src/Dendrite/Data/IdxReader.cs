using System.Buffers.Binary;
using System.IO.Compression;

namespace Dendrite.Data;

/// <summary>An IDX array of unsigned bytes: its dimensions and its elements in row-major order.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data);

/// <summary>
/// Reads IDX files (LeCun's MNIST format, also used by Fashion-MNIST), raw or gzip-compressed.
/// </summary>
/// <remarks>
/// Layout (all big-endian): two zero bytes, a type code (0x08 = unsigned byte), the number of dimensions n,
/// then n int32 sizes, then the elements. Labels are <c>[N]</c> (magic 0x00000801), images <c>[N, rows, cols]</c>
/// (0x00000803). Only unsigned-byte data is supported, which is what both datasets use.
/// </remarks>
public static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    // Deflate expands at most about 1032:1, so the compressed size bounds the decompressed size: the buffer starts at
    // min(claimed size, that bound) and grows with the data, so a header claiming billions of elements costs no
    // more memory than the bytes that can actually be there.
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads a raw or gzip file (detected by its first two bytes, not its name).</summary>
    /// <exception cref="DataFormatException">The file is not a well-formed unsigned-byte IDX array.</exception>
    public static IdxArray Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path);
    }

    /// <summary>Reads from a seekable stream; <paramref name="name"/> is used in error messages.</summary>
    public static IdxArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            ThrowHelper.ThrowArgument("IDX reading needs a seekable stream (to detect gzip).", nameof(stream));
        }
        long start = stream.Position;
        bool gzip = stream.ReadByte() == 0x1F && stream.ReadByte() == 0x8B;
        stream.Position = start;
        long length = stream.Length - start;
        if (!gzip)
        {
            return Parse(stream, name, length, length, where: "");
        }
        using var inflated = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        return Parse(inflated, name, knownLength: null, sizeBound: length * MaxDeflateRatio, where: " of the decompressed data");
    }

    private static IdxArray Parse(Stream stream, string name, long? knownLength, long sizeBound, string where)
    {
        var reader = new CountingReader(stream, name, where);
        Span<byte> magic = stackalloc byte[4];
        reader.ReadExactly(magic, "magic number");
        if (magic[0] != 0 || magic[1] != 0)
        {
            throw reader.Error(0, "magic number", $"expected an IDX magic number 0x0000TTNN, found 0x{BinaryPrimitives.ReadUInt32BigEndian(magic):X8}.");
        }
        if (magic[2] != UnsignedByte)
        {
            throw reader.Error(2, "type code", $"expected 0x08 (unsigned byte), found 0x{magic[2]:X2}; only unsigned-byte IDX files (MNIST, Fashion-MNIST) are supported.");
        }
        int rank = magic[3];
        if (rank == 0)
        {
            throw reader.Error(3, "number of dimensions", "expected at least 1, found 0.");
        }

        var dims = new int[rank];
        long count = 1;
        Span<byte> word = stackalloc byte[4];
        for (int i = 0; i < rank; i++)
        {
            long offset = reader.Position;
            reader.ReadExactly(word, $"size of dimension {i}");
            int size = BinaryPrimitives.ReadInt32BigEndian(word);
            if (size < 0)
            {
                throw reader.Error(offset, $"size of dimension {i}", $"expected a non-negative size, found {size}.");
            }
            dims[i] = size;
            count *= size;
            if (count > Array.MaxLength)
            {
                throw reader.Error(offset, $"size of dimension {i}", $"dimensions [{string.Join(", ", dims[..(i + 1)])}] hold more than {Array.MaxLength} elements.");
            }
        }

        long header = reader.Position;
        if (knownLength is long length && length - header != count)
        {
            string problem = length - header < count
                ? $"truncated: dimensions [{string.Join(", ", dims)}] need {count} data bytes, the file has {length - header}."
                : $"dimensions [{string.Join(", ", dims)}] need {count} data bytes, the file has {length - header} (trailing bytes).";
            throw reader.Error(Math.Min(length, header + count), "data", problem);
        }
        byte[] data = reader.ReadData((int)count, (int)Math.Min(count, sizeBound), dims);
        if (reader.ReadByteOrEnd() >= 0)
        {
            throw reader.Error(header + count, "data", $"trailing bytes after the {count} elements of dimensions [{string.Join(", ", dims)}].");
        }
        return new IdxArray(dims, data);
    }

    /// <summary>Reads while tracking the byte offset, and turns decompression failures into <see cref="DataFormatException"/>.</summary>
    private sealed class CountingReader(Stream stream, string name, string where)
    {
        public long Position { get; private set; }

        public DataFormatException Error(long offset, string field, string problem) =>
            new(name, offset, field + where, problem);

        public void ReadExactly(Span<byte> destination, string field)
        {
            long start = Position;
            int read = Fill(destination);
            if (read < destination.Length)
            {
                throw Error(start, field, $"truncated: expected {destination.Length} bytes, found {read}.");
            }
        }

        public byte[] ReadData(int count, int initialCapacity, int[] dims)
        {
            var data = new byte[initialCapacity];
            int filled = 0;
            while (filled < count)
            {
                if (filled == data.Length)
                {
                    Array.Resize(ref data, (int)Math.Min(count, Math.Max(1 << 16, 2L * data.Length)));
                }
                int read = Fill(data.AsSpan(filled, data.Length - filled));
                filled += read;
                if (filled < data.Length)
                {
                    throw Error(Position, "data", $"truncated: dimensions [{string.Join(", ", dims)}] need {count} data bytes, found {filled}.");
                }
            }
            return data;
        }

        public int ReadByteOrEnd()
        {
            Span<byte> one = stackalloc byte[1];
            return Fill(one) == 0 ? -1 : one[0];
        }

        private int Fill(Span<byte> destination)
        {
            int total = 0;
            try
            {
                while (total < destination.Length)
                {
                    int read = stream.Read(destination[total..]);
                    if (read == 0)
                    {
                        break;
                    }
                    total += read;
                }
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(name, Position + total, "gzip stream", $"corrupt compressed data: {e.Message}", e);
            }
            Position += total;
            return total;
        }
    }
}
