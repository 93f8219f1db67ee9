namespace Dendrite.Kernels;

/// <summary>
/// A job split into numbered parts for <see cref="WorkerPool"/>. Any thread may run any part, so the result
/// must not depend on which thread ran it (GEMM splits C into disjoint tiles and never splits K).
/// </summary>
internal abstract class ParallelWork
{
    private int _next = -1;
    private int _pending;
    private Exception? _failure;

    protected ParallelWork(int partCount)
    {
        PartCount = partCount;
        _pending = partCount;
    }

    public int PartCount { get; }

    public bool IsComplete => Volatile.Read(ref _pending) == 0;

    /// <summary>Runs one part; called once per part index in [0, PartCount).</summary>
    protected abstract void Execute(int part);

    /// <summary>Claims and runs parts until none are left. The counters live in the job, so a late thread
    /// still holding an old job only finds it exhausted.</summary>
    public void RunAvailableParts()
    {
        int part;
        while ((part = Interlocked.Increment(ref _next)) < PartCount)
        {
            try
            {
                Execute(part);
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _failure, exception, null);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    /// <summary>Rethrows the first failure of any part on the calling thread.</summary>
    public void ThrowIfFailed()
    {
        if (_failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        }
    }
}
