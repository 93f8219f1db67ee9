using System.Buffers.Binary;
using System.Text;

namespace Dendrite.Tests.Interop;

/// <summary>Builds safetensors files byte by byte, independently of the writer under test.</summary>
internal static class SafetensorsBytes
{
    /// <summary>8-byte little-endian length, the header (UTF-8, padded with spaces to a multiple of 8 when asked), then the data.</summary>
    public static byte[] Build(string headerJson, byte[] data, bool pad = true, ulong? lengthField = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        return Build(header, data, pad, lengthField);
    }

    public static byte[] Build(byte[] header, byte[] data, bool pad = true, ulong? lengthField = null)
    {
        int padding = pad ? (8 - header.Length % 8) % 8 : 0;
        var bytes = new List<byte>();
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, lengthField ?? (ulong)(header.Length + padding));
        bytes.AddRange(prefix);
        bytes.AddRange(header);
        bytes.AddRange(Enumerable.Repeat((byte)' ', padding));
        bytes.AddRange(data);
        return [.. bytes];
    }

    public static byte[] Floats(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        }
        return bytes;
    }

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}

/// <summary>A read-only stream that cannot seek or report its length, like a pipe or network stream.</summary>
internal sealed class NonSeekableStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    // Returns short reads on purpose, as pipes do.
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
