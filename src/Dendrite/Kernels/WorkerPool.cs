using System.Diagnostics;

namespace Dendrite.Kernels;

/// <summary>
/// A few dedicated worker threads for kernels. The caller runs parts too, so T threads need T − 1 workers.
/// </summary>
/// <remarks>
/// Why not Parallel.For: its scheduling costs several microseconds per call, which is a large share of a
/// 20 µs GEMM (M=32, N=256, K=256 on one core). Here a worker that finished recently is still spinning on the
/// generation counter and starts within a cache-line transfer; one idle for longer than
/// <see cref="SpinTicks"/> sleeps on a monitor so an idle process does not burn a core. Parts are claimed
/// dynamically, so a worker that is slow to wake just leaves its part to the caller.
/// One job runs at a time; a second concurrent caller (or a nested call) runs its parts inline.
/// </remarks>
internal sealed class WorkerPool
{
    // About 100 µs of spinning: longer than the gap between back-to-back kernel calls, short enough that an idle
    // worker soon gives its core back to other processes.
    private static readonly long SpinTicks = Stopwatch.Frequency / 10_000;

    private readonly Lock _submitLock = new();
    private readonly object _wakeLock = new();
    private readonly List<Thread> _threads = [];
    private ParallelWork? _work;
    private long _generation;
    private int _sleepers;

    public static WorkerPool Shared { get; } = new();

    /// <summary>Runs every part of <paramref name="work"/> and returns when all are done.</summary>
    public void Run(ParallelWork work)
    {
        if (work.PartCount <= 1 || !_submitLock.TryEnter())
        {
            work.RunAvailableParts();
            work.ThrowIfFailed();
            return;
        }
        try
        {
            EnsureWorkers(work.PartCount - 1);
            Volatile.Write(ref _work, work);
            Interlocked.Increment(ref _generation);
            if (Volatile.Read(ref _sleepers) > 0)
            {
                lock (_wakeLock)
                {
                    Monitor.PulseAll(_wakeLock);
                }
            }
            work.RunAvailableParts();
            SpinWait spinner = default;
            while (!work.IsComplete)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
            Volatile.Write(ref _work, null);
        }
        finally
        {
            _submitLock.Exit();
        }
        work.ThrowIfFailed();
    }

    private void EnsureWorkers(int count)
    {
        while (_threads.Count < count)
        {
            var thread = new Thread(WorkerLoop)
            {
                IsBackground = true,
                Name = $"Dendrite kernel worker {_threads.Count + 1}",
            };
            _threads.Add(thread);
            thread.Start();
        }
    }

    private void WorkerLoop()
    {
        long seen = Volatile.Read(ref _generation);
        while (true)
        {
            seen = WaitForGeneration(seen);
            Volatile.Read(ref _work)?.RunAvailableParts();
        }
    }

    private long WaitForGeneration(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            for (int i = 0; i < 64; i++)
            {
                long current = Volatile.Read(ref _generation);
                if (current != seen)
                {
                    return current;
                }
                Thread.SpinWait(8);
            }
        }
        lock (_wakeLock)
        {
            // Register as a sleeper before the final check: a submitter bumps the generation and then reads
            // the sleeper count, so one of the two sides always sees the other.
            Interlocked.Increment(ref _sleepers);
            long current;
            while ((current = Volatile.Read(ref _generation)) == seen)
            {
                Monitor.Wait(_wakeLock);
            }
            Interlocked.Decrement(ref _sleepers);
            return current;
        }
    }
}
