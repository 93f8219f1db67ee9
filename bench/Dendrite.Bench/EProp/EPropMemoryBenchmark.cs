using System.Diagnostics;
using System.Text.Json;
using Dendrite.Autodiff;
using Dendrite.Learning.EProp;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Bench.EProp;

/// <summary>
/// e-prop's memory against the sequence length: a recurrent LIF layer (64 neurons, 20 inputs, LI readout of 10, batch 8)
/// trained through T steps with inputs streamed one step at a time, beside BPTT on the same network, which must keep
/// the whole sequence. Reports bytes allocated during the run, peak managed heap growth, e-prop's state and ms per step.
/// </summary>
public static class EPropMemoryBenchmark
{
    private const int Inputs = 20;
    private const int Neurons = 64;
    private const int Outputs = 10;
    private const int Batch = 8;

    /// <summary>Runs every length in <paramref name="lengths"/>; BPTT only up to <paramref name="bpttLimit"/> steps.</summary>
    public static void Run(TextWriter output, IReadOnlyList<int> lengths, int bpttLimit, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(lengths);
        if (!json)
        {
            output.WriteLine($"e-prop vs BPTT memory: recurrent LIF {Inputs}-{Neurons}-{Outputs}, batch {Batch}, inputs streamed per step");
            output.WriteLine($"{"T",7} {"e-prop alloc",14} {"e-prop peak",13} {"e-prop state",14} {"ms/step",8} {"BPTT alloc",14} {"BPTT peak",13}");
        }
        Measure(100, bpttLimit); // warm-up: JIT and first-use buffers
        foreach (int steps in lengths)
        {
            Row row = Measure(steps, bpttLimit);
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    benchmark = "eprop.memory",
                    steps,
                    eprop_allocated_bytes = row.EPropAllocated,
                    eprop_peak_heap_growth_bytes = row.EPropPeak,
                    eprop_state_bytes = row.EPropState,
                    eprop_ms_per_step = Math.Round(row.MsPerStep, 4),
                    bptt_allocated_bytes = row.BpttAllocated,
                    bptt_peak_heap_growth_bytes = row.BpttPeak,
                }));
            }
            else
            {
                output.WriteLine($"{steps,7} {Bytes(row.EPropAllocated),14} {Bytes(row.EPropPeak),13} {Bytes(row.EPropState),14} {row.MsPerStep,8:F3} {Bytes(row.BpttAllocated),14} {Bytes(row.BpttPeak),13}");
            }
        }
    }

    private static Row Measure(int steps, int bpttLimit)
    {
        (LifLayer hidden, LiLayer readout) = Network();
        IEPropLearner learner = EPropLearner.Create(hidden, readout, EPropFeedback.Symmetric, new Rng(3));
        var rng = new Rng(5);
        var input = new float[Batch * Inputs];
        var probability = Enumerable.Repeat(0.1f, input.Length).ToArray();
        var delta = new double[Batch * Outputs];
        learner.Reset(Batch);
        long baseline = Settle();
        long peak = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (int t = 0; t < steps; t++)
        {
            rng.FillBernoulli(input, probability);
            learner.Step(input);
            for (int i = 0; i < delta.Length; i++)
            {
                delta[i] = learner.Output[i] - (i % Outputs == 0 ? 1.0 : 0.0);
            }
            learner.AccumulateSignal(delta);
            if (t % 50 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
            }
        }
        learner.WriteGradients();
        double msPerStep = clock.Elapsed.TotalMilliseconds / steps;
        long epropAllocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        (long bpttAllocated, long bpttPeak) = steps <= bpttLimit ? Bptt(hidden, readout, steps) : (-1, -1);
        return new Row(epropAllocated, peak, learner.StateBytes, msPerStep, bpttAllocated, bpttPeak);
    }

    // The same network by autodiff: the input sequence, the layer outputs and the stored states all scale with T.
    private static (long Allocated, long Peak) Bptt(LifLayer hidden, LiLayer readout, int steps)
    {
        long baseline = Settle();
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long peak;
        using (var tape = new Tape())
        {
            var input = new Tensor(steps, Batch, Inputs);
            new Rng(5).FillBernoulli(input.Span, Enumerable.Repeat(0.1f, input.Length).ToArray());
            Tensor y = readout.Forward(hidden.Forward(input));
            Tensor loss = Ops.Sum(Ops.Multiply(y, y));
            peak = GC.GetTotalMemory(false) - baseline;
            tape.Backward(loss);
            peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
        }
        return (GC.GetAllocatedBytesForCurrentThread() - allocated, peak);
    }

    private static (LifLayer Hidden, LiLayer Readout) Network()
    {
        var rng = new Rng(1);
        var hidden = new LifLayer(Inputs, Neurons, rng, new LifParameters { Beta = Math.Exp(-0.1), Threshold = 0.5 }, recurrent: true);
        var readout = new LiLayer(Neurons, Outputs, rng, new LiParameters { Tau = 10 });
        return (hidden, readout);
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private static string Bytes(long bytes) => bytes < 0 ? "-" : bytes < 10_000 ? $"{bytes} B" : bytes < 10_000_000 ? $"{bytes / 1024.0:F1} KiB" : $"{bytes / 1048576.0:F1} MiB";

    private readonly record struct Row(long EPropAllocated, long EPropPeak, long EPropState, double MsPerStep, long BpttAllocated, long BpttPeak);
}
