using Dendrite.Kernels;

namespace Dendrite.Inference;

/// <summary>One layer of an <see cref="EventInferenceEngine"/>: consumes a step's activity, keeps its state, emits its own.</summary>
internal abstract class InferenceStage
{
    private long _synOps;
    private long _outputEvents;

    public abstract int Inputs { get; }

    public abstract int Outputs { get; }

    /// <summary>Whether the outputs are spikes (counted as events) rather than membranes or currents.</summary>
    public abstract bool Spiking { get; }

    /// <summary>Synaptic operations since the last <see cref="Reset"/>: accumulated inputs × fan-out.</summary>
    public long SynOps => Interlocked.Read(ref _synOps);

    /// <summary>Non-zero outputs since the last <see cref="Reset"/> (spikes, for a spiking stage).</summary>
    public long OutputEvents => Interlocked.Read(ref _outputEvents);

    /// <summary>The last step's outputs.</summary>
    public StepActivity Output { get; private set; } = null!;

    /// <summary>Zero state for <paramref name="batch"/> rows; clears the counters.</summary>
    public void Reset(int batch)
    {
        if (Output?.Batch == batch)
        {
            Output.Clear();
        }
        else
        {
            Output = new StepActivity(batch, Outputs);
        }
        _synOps = 0;
        _outputEvents = 0;
        ResetState(batch);
    }

    /// <summary>Advances one step; rows run in parallel over <see cref="KernelThreads.Count"/> threads (each row is independent).</summary>
    public StepActivity Step(StepActivity input)
    {
        int batch = input.Batch;
        int threads = Math.Min(KernelThreads.Count, batch);
        if (threads <= 1)
        {
            Count(StepRange(input, 0, batch));
        }
        else
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                part => Count(StepRange(input, part * batch / threads, (part + 1) * batch / threads)));
        }
        return Output;
    }

    /// <summary>
    /// Advances rows [start, end) one step and returns the SynOps and output events it made, for the caller to add with
    /// <see cref="Count"/>: once per call, or once per run from a thread that steps its rows many times, so the threads do
    /// not contend for the counters every step. Rows never read each other, so ranges may run on different threads.
    /// </summary>
    public (long SynOps, long Events) StepRange(StepActivity input, int start, int end)
    {
        long synOps = StepRows(input, start, end);
        long events = 0;
        for (int b = start; b < end; b++)
        {
            events += Output.Active(b).Length;
        }
        return (synOps, events);
    }

    /// <summary>Adds to <see cref="SynOps"/> and <see cref="OutputEvents"/> (thread-safe).</summary>
    public void Count((long SynOps, long Events) counts)
    {
        Interlocked.Add(ref _synOps, counts.SynOps);
        Interlocked.Add(ref _outputEvents, counts.Events);
    }

    /// <summary>Zero state for <paramref name="batch"/> rows: the buffers of the previous batch are kept when it was the same size.</summary>
    protected abstract void ResetState(int batch);

    /// <summary>Computes rows [start, end) of <see cref="Output"/> (values and active lists); returns the SynOps done.</summary>
    protected abstract long StepRows(StepActivity input, int start, int end);
}
