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
