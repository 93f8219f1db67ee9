using System.Buffers.Binary;
using System.Text;
using Dendrite.Data;
using Dendrite.Events;
using Dendrite.Tests.Data;
using Xunit;

namespace Dendrite.Tests.Events;

public sealed class Aedat31ReaderTests
{
    internal const string Header = "#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#Start-Time: 2017-01-31 12:00:00 (TZ+0000)\r\n#!END-HEADER\r\n";

    /// <summary>A polarity event: bit 0 valid, bit 1 polarity, bits 2–16 y, bits 17–31 x; then the int32 timestamp.</summary>
    internal static (uint Data, int Timestamp) Polarity(int x, int y, int p, int t, bool valid = true) =>
        ((uint)x << 17 | (uint)y << 2 | (uint)p << 1 | (valid ? 1u : 0u), t);

    /// <summary>A 28-byte little-endian packet header followed by <paramref name="capacity"/> 8-byte events.</summary>
    internal static byte[] Packet(short type, int overflow, int capacity, params (uint Data, int Timestamp)[] events)
    {
        var bytes = new byte[28 + capacity * 8];
        BinaryPrimitives.WriteInt16LittleEndian(bytes, type);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2), 1);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 8);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), 4);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), overflow);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), capacity);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), events.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(24), events.Count(e => (e.Data & 1) == 1));
        for (int i = 0; i < events.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(28 + 8 * i), events[i].Data);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(32 + 8 * i), events[i].Timestamp);
        }
        for (int i = events.Length; i < capacity; i++)
        {
            bytes.AsSpan(28 + 8 * i, 8).Fill(0xEE); // unused capacity: never read
        }
        return bytes;
    }

    internal static byte[] File(params byte[][] packets) => [.. Encoding.ASCII.GetBytes(Header), .. packets.SelectMany(p => p)];

    internal static readonly byte[] Sample = File(
        Packet(1, 0, 3, Polarity(0, 0, 1, 10), Polarity(127, 127, 0, 20), Polarity(5, 5, 1, 25, valid: false)),
        Packet(0, 0, 1, (0xFFFFFFFF, 30)), // a special-event packet: skipped by its size
        Packet(1, 1, 4, Polarity(64, 3, 1, 40)));

    [Fact]
    public void ReadsPolarityPacketsSkippingOthersAndInvalidEvents()
    {
        EventStream events = Aedat31Reader.Read(Sample, "user01_lab.aedat");
        Assert.Equal(SensorSize.Dvs128, events.Sensor);
        Assert.Equal([0, 127, 64], events.X.ToArray());
        Assert.Equal([0, 127, 3], events.Y.ToArray());
        Assert.Equal([1, 0, 1], events.P.ToArray());
        Assert.Equal([10L, 20L, (1L << 31) | 40L], events.T.ToArray()); // (tsOverflow << 31) | timestamp
    }

    [Fact]
    public void MalformedFilesNameOffsetAndField()
    {
        byte[] header = Encoding.ASCII.GetBytes(Header);
        var version = Assert.Throws<DataFormatException>(() => Aedat31Reader.Read(Encoding.ASCII.GetBytes("#!AER-DAT2.0\r\n#!END-HEADER\r\n"), "v2.aedat"));
        Assert.Equal((0L, "version line"), (version.Offset!.Value, version.Field!));
        var noEnd = Assert.Throws<DataFormatException>(() => Aedat31Reader.Read(header[..40], "cut.aedat"));
        Assert.Equal("header", noEnd.Field);
        var truncated = Assert.Throws<DataFormatException>(() => Aedat31Reader.Read(Sample[..(header.Length + 30)], "cut.aedat"));
        Assert.Equal((header.Length + 16L, "eventCapacity"), (truncated.Offset!.Value, truncated.Field!));
        var x = Assert.Throws<DataFormatException>(() => Aedat31Reader.Read(File(Packet(1, 0, 1, Polarity(128, 0, 0, 0))), "x.aedat"));
        Assert.Equal((header.Length + 28L, "x"), (x.Offset!.Value, x.Field!));
        byte[] badSize = File(Packet(1, 0, 1, Polarity(1, 1, 0, 0)));
        BinaryPrimitives.WriteInt32LittleEndian(badSize.AsSpan(header.Length + 4), 4);
        Assert.Equal("eventSize", Assert.Throws<DataFormatException>(() => Aedat31Reader.Read(badSize, "s.aedat")).Field);
    }

    [Fact]
    public void FuzzedFilesParseOrFailWithOffset()
    {
        (int parsed, int rejected) = Fuzz.Check(Fuzz.Mutants(Sample, 1500, seed: 41), "fuzz.aedat", bytes =>
        {
            EventStream events = Aedat31Reader.Read(bytes, "fuzz.aedat");
            Assert.All(events.X.ToArray(), v => Assert.InRange(v, 0, 127));
            Assert.All(events.Y.ToArray(), v => Assert.InRange(v, 0, 127));
        });
        Assert.True(rejected > 700 && parsed > 50, $"{rejected} rejected, {parsed} parsed");
    }
}
