using Dendrite.Data;

namespace Dendrite.Events;

/// <summary>
/// Reads N-MNIST <c>.bin</c> files (Orchard et al. 2015; tonic's <c>read_mnist_file</c>): 5 bytes per event.
/// </summary>
/// <remarks>
/// Each event is 40 bits, big-endian: byte 0 = x, byte 1 = y, bit 7 of byte 2 = polarity (1 ON), and the other
/// 23 bits of bytes 2..4 = the timestamp in µs. An event with y = 240 is a timestamp-overflow marker: as in
/// tonic (copying Orchard's code), 2^13 is added to all later timestamps and the marker is dropped.
/// </remarks>
public static class NmnistReader
{
    private const int EventSize = 5;
    private const int OverflowMarker = 240;
    private const long OverflowIncrement = 1 << 13;

    /// <exception cref="DataFormatException">The length is not a multiple of 5 or a coordinate is outside <paramref name="sensor"/>.</exception>
    public static EventStream Read(string path, SensorSize? sensor = null) => Read(File.ReadAllBytes(path), path, sensor);

    /// <param name="name">The file name, for error messages.</param>
    /// <param name="sensor">Default <see cref="SensorSize.Nmnist"/> (34×34×2); N-Caltech101 uses the same format at 240×180.</param>
    public static EventStream Read(ReadOnlySpan<byte> bytes, string name, SensorSize? sensor = null)
    {
        SensorSize size = sensor ?? SensorSize.Nmnist;
        if (bytes.Length % EventSize != 0)
        {
            long last = bytes.Length - bytes.Length % EventSize;
            throw new DataFormatException(name, last, $"event {last / EventSize}",
                $"truncated: events are {EventSize} bytes, the last one has {bytes.Length % EventSize} ({bytes.Length} bytes in all).");
        }
        int count = bytes.Length / EventSize;
        int markers = 0;
        for (int i = 0; i < count; i++)
        {
            markers += bytes[i * EventSize + 1] == OverflowMarker ? 1 : 0;
        }

        int n = count - markers;
        var x = new int[n];
        var y = new int[n];
        var p = new int[n];
        var t = new long[n];
        long overflow = 0;
        int k = 0;
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> e = bytes.Slice(i * EventSize, EventSize);
            if (e[1] == OverflowMarker)
            {
                overflow += OverflowIncrement;
                continue;
            }
            if (e[0] >= size.Width)
            {
                throw new DataFormatException(name, i * EventSize, $"x of event {i}", $"expected x below the sensor width {size.Width}, found {e[0]}.");
            }
            if (e[1] >= size.Height)
            {
                throw new DataFormatException(name, i * EventSize + 1, $"y of event {i}",
                    $"expected y below the sensor height {size.Height} (or {OverflowMarker}, the overflow marker), found {e[1]}.");
            }
            x[k] = e[0];
            y[k] = e[1];
            p[k] = e[2] >> 7;
            t[k] = ((e[2] & 0x7F) << 16 | e[3] << 8 | e[4]) + overflow;
            k++;
        }
        return new EventStream(x, y, p, t, size);
    }
}
