namespace Dendrite.Kernels;

/// <summary>
/// Runs a body over contiguous ranges of independent items on <see cref="WorkerPool"/>. Each item is computed by one
/// part in a fixed order, so results do not depend on the thread count.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>
    /// Calls <paramref name="body"/>(begin, end) over a split of [0, <paramref name="items"/>): one range when
    /// <paramref name="work"/> is below <paramref name="threshold"/>, else one per thread.
    /// </summary>
    public static void Run(int items, long work, long threshold, Action<int, int> body)
    {
        int parts = WorkSplit.Workers(items, work, threshold);
        if (parts <= 1)
        {
            body(0, items);
            return;
        }
        WorkerPool.Shared.Run(new Ranges(items, parts, body));
    }

    private sealed class Ranges(int items, int parts, Action<int, int> body) : ParallelWork(parts)
    {
        protected override void Execute(int part) =>
            body(WorkSplit.Start(items, PartCount, part), WorkSplit.Start(items, PartCount, part + 1));
    }
}
