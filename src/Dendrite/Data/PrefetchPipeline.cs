using System.Runtime.ExceptionServices;

namespace Dendrite.Data;

/// <summary>
/// Makes items 0..n-1 on worker threads and hands them out strictly in order, with at most <c>depth</c> items
/// made or being made ahead of the consumer.
/// </summary>
/// <remarks>
/// Workers claim indices in increasing order, and only while <c>claimed &lt; consumed + depth</c>. So item k always
/// finds slot <c>k % depth</c> free: its previous occupant, item k - depth, has already been taken.
/// </remarks>
internal sealed class PrefetchPipeline : IDisposable
{
    private readonly object _gate = new();
    private readonly int _count;
    private readonly int _depth;
    private readonly Func<int, Batch> _make;
    private readonly Slot[] _slots;
    private readonly Thread[] _workers;
    private int _claimed;
    private int _consumed;
    private bool _stopped;

    public PrefetchPipeline(int count, int threads, int depth, Func<int, Batch> make)
    {
        _count = count;
        _depth = depth;
        _make = make;
        _slots = new Slot[depth];
        for (int i = 0; i < depth; i++)
        {
            _slots[i] = new Slot();
        }
        _workers = new Thread[Math.Min(threads, Math.Max(1, count))];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"Dendrite prefetch {i}" };
            _workers[i].Start();
        }
    }

    /// <summary>Waits for item <paramref name="index"/> (which must be the next one) and returns it, or rethrows its failure.</summary>
    public Batch Take(int index)
    {
        Slot slot = _slots[index % _depth];
        lock (_gate)
        {
            while (slot.Index != index)
            {
                Monitor.Wait(_gate);
            }
            Batch? item = slot.Item;
            ExceptionDispatchInfo? failure = slot.Failure;
            slot.Index = -1;
            slot.Item = null;
            slot.Failure = null;
            _consumed++;
            Monitor.PulseAll(_gate);
            failure?.Throw();
            return item!;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        foreach (Thread worker in _workers)
        {
            worker.Join();
        }
    }

    private void Work()
    {
        while (true)
        {
            int index;
            lock (_gate)
            {
                while (!_stopped && _claimed < _count && _claimed - _consumed >= _depth)
                {
                    Monitor.Wait(_gate);
                }
                if (_stopped || _claimed >= _count)
                {
                    return;
                }
                index = _claimed++;
            }

            Batch? item = null;
            ExceptionDispatchInfo? failure = null;
            try
            {
                item = _make(index);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            lock (_gate)
            {
                Slot slot = _slots[index % _depth];
                slot.Item = item;
                slot.Failure = failure;
                slot.Index = index;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private sealed class Slot
    {
        public int Index = -1;
        public Batch? Item;
        public ExceptionDispatchInfo? Failure;
    }
}
