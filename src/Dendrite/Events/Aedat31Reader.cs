using System.Buffers.Binary;
using System.Text;
using Dendrite.Data;

namespace Dendrite.Events;

/// <summary>
/// Reads the polarity events of an AEDAT 3.1 file (iniVation's format; DVS128 Gesture's recordings).
/// </summary>
/// <remarks>
/// An ASCII header of <c>#</c> lines ending in CRLF, from <c>#!AER-DAT3.1</c> to <c>#!END-HEADER</c>; then packets,
/// each a 28-byte little-endian header (int16 type, int16 source, int32 eventSize, int32 tsOffset, int32 tsOverflow,
/// int32 capacity, int32 number, int32 valid) and capacity × eventSize bytes. Polarity packets (type 1) hold 8-byte
/// events: uint32 data (bit 0 valid, bit 1 polarity, bits 2–16 y, bits 17–31 x) and int32 timestamp; the full time
/// in µs is (tsOverflow &lt;&lt; 31) | timestamp. Other packet types are skipped by their size; invalid events are
/// skipped. The origin is the top-left corner.
/// </remarks>
public static class Aedat31Reader
{
    private const string VersionLine = "#!AER-DAT3.1";
    private const string EndLine = "#!END-HEADER";
    private const int PacketHeaderSize = 28;
    private const short PolarityEvent = 1;
    private const int PolarityEventSize = 8;

    // Real header lines are short; the cap keeps a corrupt header from being decoded as one huge string.
    private const int MaxHeaderLine = 1 << 16;

    /// <exception cref="DataFormatException">The header or a packet is malformed, truncated, or an event lies outside <paramref name="sensor"/>.</exception>
    public static EventStream Read(string path, SensorSize? sensor = null) => Read(File.ReadAllBytes(path), path, sensor);

    /// <param name="name">The file name, for error messages.</param>
    /// <param name="sensor">Default <see cref="SensorSize.Dvs128"/>.</param>
    public static EventStream Read(ReadOnlySpan<byte> bytes, string name, SensorSize? sensor = null)
    {
        SensorSize size = sensor ?? SensorSize.Dvs128;
        int offset = SkipHeader(bytes, name);
        var x = new List<int>();
        var y = new List<int>();
        var p = new List<int>();
        var t = new List<long>();
        while (offset < bytes.Length)
        {
            if (bytes.Length - offset < PacketHeaderSize)
            {
                throw new DataFormatException(name, offset, "packet header", $"truncated: a packet header is {PacketHeaderSize} bytes, {bytes.Length - offset} remain.");
            }
            ReadOnlySpan<byte> header = bytes.Slice(offset, PacketHeaderSize);
            short type = BinaryPrimitives.ReadInt16LittleEndian(header);
            int eventSize = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            int tsOffset = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            int tsOverflow = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            int capacity = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
            int number = BinaryPrimitives.ReadInt32LittleEndian(header[20..]);
            int valid = BinaryPrimitives.ReadInt32LittleEndian(header[24..]);
            Require(eventSize > 0, name, offset + 4, "eventSize", $"expected a positive event size, found {eventSize}.");
            Require(capacity >= 0, name, offset + 16, "eventCapacity", $"expected a non-negative capacity, found {capacity}.");
            Require(number >= 0 && number <= capacity, name, offset + 20, "eventNumber", $"expected 0..{capacity} (the capacity), found {number}.");
            Require(valid >= 0 && valid <= number, name, offset + 24, "eventValid", $"expected 0..{number} (eventNumber), found {valid}.");
            long payload = (long)capacity * eventSize;
            Require(payload <= bytes.Length - offset - PacketHeaderSize, name, offset + 16, "eventCapacity",
                $"truncated packet: {capacity} events of {eventSize} bytes need {payload} bytes, {bytes.Length - offset - PacketHeaderSize} remain.");
            if (type == PolarityEvent)
            {
                Require(eventSize == PolarityEventSize, name, offset + 4, "eventSize", $"polarity events are {PolarityEventSize} bytes, found {eventSize}.");
                Require(tsOffset == 4, name, offset + 8, "eventTSOffset", $"polarity timestamps are at byte 4 of an event, found {tsOffset}.");
                Require(tsOverflow >= 0, name, offset + 12, "eventTSOverflow", $"expected a non-negative overflow count, found {tsOverflow}.");
                ReadPolarity(bytes.Slice(offset + PacketHeaderSize, number * PolarityEventSize), offset + PacketHeaderSize, tsOverflow, size, name, x, y, p, t);
            }
            offset += PacketHeaderSize + (int)payload;
        }
        return new EventStream(x.ToArray(), y.ToArray(), p.ToArray(), t.ToArray(), size);
    }

    private static void ReadPolarity(ReadOnlySpan<byte> events, int start, int tsOverflow, SensorSize size, string name,
        List<int> xs, List<int> ys, List<int> ps, List<long> ts)
    {
        for (int i = 0; i < events.Length; i += PolarityEventSize)
        {
            uint data = BinaryPrimitives.ReadUInt32LittleEndian(events[i..]);
            int timestamp = BinaryPrimitives.ReadInt32LittleEndian(events[(i + 4)..]);
            if ((data & 1) == 0)
            {
                continue; // invalidated by the camera's filters
            }
            int x = (int)(data >> 17) & 0x7FFF;
            int y = (int)(data >> 2) & 0x7FFF;
            Require(x < size.Width, name, start + i, "x", $"expected x below the sensor width {size.Width}, found {x}.");
            Require(y < size.Height, name, start + i, "y", $"expected y below the sensor height {size.Height}, found {y}.");
            Require(timestamp >= 0, name, start + i + 4, "timestamp", $"expected a non-negative timestamp, found {timestamp}.");
            xs.Add(x);
            ys.Add(y);
            ps.Add((int)(data >> 1) & 1);
            ts.Add((long)tsOverflow << 31 | (uint)timestamp);
        }
    }

    /// <summary>Checks the version line and skips to the byte after <c>#!END-HEADER\r\n</c>.</summary>
    private static int SkipHeader(ReadOnlySpan<byte> bytes, string name)
    {
        int offset = 0;
        bool first = true;
        while (true)
        {
            ReadOnlySpan<byte> rest = bytes[offset..];
            int end = rest[..Math.Min(rest.Length, MaxHeaderLine)].IndexOf("\r\n"u8);
            if (end < 0 && rest.Length > MaxHeaderLine)
            {
                throw new DataFormatException(name, offset, "header", $"a header line longer than {MaxHeaderLine} bytes: this is not an AEDAT 3.1 header.");
            }
            if (end < 0)
            {
                throw new DataFormatException(name, offset, "header", $"truncated header: no CRLF-terminated line here, and no {EndLine} line before the end.");
            }
            string line = Encoding.ASCII.GetString(bytes.Slice(offset, end));
            if (first && line != VersionLine)
            {
                throw new DataFormatException(name, 0, "version line", $"expected '{VersionLine}', found '{Shorten(line)}'.");
            }
            if (!line.StartsWith('#'))
            {
                throw new DataFormatException(name, offset, "header", $"expected a header line starting with '#' (or {EndLine}), found '{Shorten(line)}'.");
            }
            if (line.StartsWith("#Format:", StringComparison.Ordinal) && line[8..].Trim() != "RAW")
            {
                throw new DataFormatException(name, offset, "#Format", $"only the RAW format is supported, found '{Shorten(line)}'.");
            }
            first = false;
            offset += end + 2;
            if (line == EndLine)
            {
                return offset;
            }
        }
    }

    private static void Require(bool condition, string name, long offset, string field, string problem)
    {
        if (!condition)
        {
            throw new DataFormatException(name, offset, field, problem);
        }
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "...";
}
