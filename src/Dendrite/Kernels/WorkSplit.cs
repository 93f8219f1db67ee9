namespace Dendrite.Kernels;

/// <summary>
/// Splits independent items (samples, planes) into contiguous ranges, one per worker, and runs the workers.
/// The split depends only on the item count and the worker count, so results are reproducible for a given
/// <see cref="KernelThreads.Count"/>.
/// </summary>
internal static class WorkSplit
{
    /// <summary>
    /// How many workers to use for <paramref name="items"/> items costing <paramref name="work"/> in total:
    /// one below <paramref name="threshold"/> (forking costs more than it saves), else up to the thread count.
    /// </summary>
    public static int Workers(int items, long work, long threshold) =>
        work < threshold ? 1 : Math.Max(1, Math.Min(KernelThreads.Count, items));

    /// <summary>The first item of worker <paramref name="worker"/>; worker w owns [Start(w), Start(w + 1)).</summary>
    public static int Start(int items, int workers, int worker) => (int)((long)items * worker / workers);

    /// <summary>Runs <paramref name="body"/>(w) for every worker w, inline when there is one.</summary>
    public static void Run(int workers, Action<int> body)
    {
        if (workers <= 1)
        {
            body(0);
            return;
        }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, body);
    }
}
