namespace Dendrite.Kernels;

/// <summary>How many threads the kernels may use. Results are bit-identical for the same count.</summary>
/// <remarks>
/// Defaults to the environment variable <c>DENDRITE_THREADS</c> when set, else the processor count.
/// </remarks>
public static class KernelThreads
{
    private static int s_count = Initial();

    public static int Count
    {
        get => s_count;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            s_count = value;
        }
    }

    private static int Initial()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("DENDRITE_THREADS");
        return int.TryParse(fromEnvironment, out int parsed) && parsed > 0 ? parsed : Environment.ProcessorCount;
    }
}
