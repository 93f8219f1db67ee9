using System.Globalization;

namespace Dendrite.Bench.Snn;

/// <summary>
/// Peak resident memory of a measured region: Linux's high-water mark VmHWM (managed heap + native, everything resident),
/// reset at the start by writing 5 to /proc/self/clear_refs, minus the resident size at the start.
/// </summary>
public sealed class PeakMemory
{
    private readonly long _startKb;

    private PeakMemory(long startKb, bool reset)
    {
        _startKb = startKb;
        Reset = reset;
    }

    /// <summary>Whether the high-water mark could be reset (else the peak may predate the region).</summary>
    public bool Reset { get; }

    /// <summary>Collects garbage, resets the high-water mark, and notes the resident size.</summary>
    public static PeakMemory Start()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        bool reset;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            reset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reset = false;
        }
        return new PeakMemory(Read("VmRSS"), reset);
    }

    /// <summary>Peak resident memory above the start, in MB (−1 where /proc is not available).</summary>
    public double PeakDeltaMb()
    {
        long peak = Read("VmHWM");
        return peak < 0 || _startKb < 0 ? -1 : Math.Max(0, peak - _startKb) / 1024.0;
    }

    private static long Read(string key)
    {
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(key + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(key.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }
}
