using Dendrite.Events;

namespace Dendrite.Data;

/// <summary>The spikes of one SHD/SSC sample: spike i is at <c>Times[i]</c> seconds (from the sample start) on channel <c>Units[i]</c>.</summary>
public sealed record SpikeTrain(float[] Times, int[] Units)
{
    public int Count => Times.Length;

    /// <summary>
    /// tonic's event form of an SHD sample: x = unit, p = 1, t = times·1e6 truncated to integer µs (computed in double,
    /// avoiding tonic issue #321's float16 overflow), no y, sensor (channels, 1, 1).
    /// </summary>
    public EventStream ToEvents(int channels = SpikingAudioDataset.Channels)
    {
        var t = new long[Count];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = (long)(Times[i] * 1e6);
        }
        var p = new int[Count];
        Array.Fill(p, 1);
        return new EventStream((int[])Units.Clone(), null, p, t, new SensorSize(channels, 1, 1));
    }
}
