using System.Diagnostics;
using System.Globalization;
using Dendrite.Inference;
using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Bench.Snn;

/// <summary>
/// <c>dendrite bench snn</c>: training and inference steps of the scenarios in <see cref="SnnCase"/>, timed step by step
/// (median after warm-up), optionally beside the PyTorch reference run on the same weights in a child process.
/// </summary>
/// <remarks>
/// Inputs are drawn once per case and reused for every step on both sides, so the timings are of the network, not of the
/// random number generator. PyTorch never runs at the same time as Dendrite, so the two never compete for the cores:
/// with one round it runs after all Dendrite measurements; with <see cref="SnnBenchOptions.Rounds"/> above one, the two
/// alternate case by case, so that a shared machine's slow and fast spells fall on both sides.
/// </remarks>
public static class SnnBenchmark
{
    public static int Run(SnnBenchOptions options, TextWriter output, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        KernelThreads.Count = options.Threads;
        TextWriter header = options.Json ? log : output;
        header.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dendrite bench snn: {Environment.ProcessorCount} cores, {options.Threads} threads, load average {LoadAverage()}; median of {options.Repeats} steps after a warm-up of at least {SnnBenchOptions.WarmUpSteps} steps and {SnnBenchOptions.WarmUpTime.TotalSeconds:0} s."));
        header.WriteLine("GFLOP/s counts every projection as a dense GEMM; peak_MB = peak resident memory (managed + native) over warm-up and timed steps, above the resident size before them: VmHWM after resetting it through /proc/self/clear_refs.");
        PytorchReference? torch = options.ComparePytorch ? PytorchReference.Find(log) : null;
        string? folder = torch is null ? null : Directory.CreateTempSubdirectory("dendrite-bench-snn-").FullName;
        try
        {
            if (!options.Json)
            {
                output.WriteLine(SnnBenchRow.TableHeader);
            }
            var trials = new List<Trial>();
            foreach (SnnCase scenario in SnnCase.For(options.Scenario))
            {
                foreach (SnnMode mode in options.Modes)
                {
                    log.WriteLine($"measuring {scenario.Label} {mode.ToString().ToLowerInvariant()} ...");
                    Trial trial = Measure(scenario, mode, options, folder, trials.Count);
                    trials.Add(trial);
                    if (torch is null && options.Rounds == 1)
                    {
                        Print(trial.Row, options.Json, output);
                    }
                }
            }
            if (torch is not null && options.Rounds == 1)
            {
                // One round: PyTorch runs every job after all of Dendrite's cases, in one child process.
                var reference = torch.RunJobs([.. trials.Select(t => t.Job!)], folder!, options.Threads, log);
                foreach (Trial trial in trials)
                {
                    trial.Reference.Add(reference[trial.Job!.Id]);
                    Print(trial.Summary(log), options.Json, output);
                }
            }
            else if (options.Rounds > 1)
            {
                // Several rounds: every case again per round, PyTorch right after Dendrite, so that a shared machine's slow
                // and fast spells fall on all cases and both sides.
                for (int round = 0; round < options.Rounds; round++)
                {
                    foreach (Trial trial in trials)
                    {
                        if (round > 0)
                        {
                            trial.Dendrite.Add(trial.Retime());
                        }
                        if (torch is not null)
                        {
                            trial.Reference.Add(torch.RunJobs([trial.Job!], folder!, options.Threads, log)[trial.Job!.Id]);
                        }
                    }
                }
                foreach (Trial trial in trials)
                {
                    Print(trial.Summary(log), options.Json, output);
                }
            }
            SnnActivitySweep.Report(trials, options.Repeats, header, log);
            return 0;
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static Trial Measure(SnnCase scenario, SnnMode mode, SnnBenchOptions options, string? folder, int id)
    {
        var network = new SnnNetwork(scenario, SnnBenchOptions.Seed);
        SnnWorkload workload = SnnWorkload.Create(scenario, SnnBenchOptions.Seed + 1);
        double hiddenRate = scenario.HiddenTarget is double target
            ? SnnWorkload.CalibrateHiddenBias(network, workload.Spikes, target)
            : SnnWorkload.HiddenRate(network, workload.Spikes);
        // Written before any step, so PyTorch starts from the same weights.
        PytorchJob? job = folder is null ? null : PytorchJob.Write(id, folder, network, workload, mode, options.Repeats);

        EventInferenceEngine? engine = mode == SnnMode.Infer ? network.CreateEngine() : null;
        Action step = engine is null
            ? () => network.TrainStep(workload.Spikes, workload.Labels)
            : () => network.InferScores(engine, workload.Spikes);
        double[] times = Time(step, options.Repeats, out double peakMb, out double[] cpuMs);
        double? forwardMs = null;
        double? synOps = null;
        Action? eventStep = null;
        if (engine is not null)
        {
            synOps = (double)engine.SynOps / scenario.Batch;
            forwardMs = Median(Time(() => network.ForwardScores(workload.Spikes), options.Repeats, out _, out _));
            EventSequence events = EventSequence.FromDense(workload.Spikes);
            eventStep = () => network.InferScores(engine, events);
        }
        (double Ms, double CpuMs)? TimeEvents()
        {
            if (eventStep is null)
            {
                return null;
            }
            double[] wall = Time(eventStep, options.Repeats, out _, out double[] cpu);
            return (Median(wall), Median(cpu));
        }
        (double Ms, double CpuMs)? eventsTiming = TimeEvents();
        double median = Median(times);
        double flops = mode == SnnMode.Train ? scenario.TrainFlops : scenario.ForwardFlops;
        var row = new SnnBenchRow
        {
            Scenario = scenario.Scenario,
            Mode = mode.ToString().ToLowerInvariant(),
            Hidden = scenario.Hidden,
            T = scenario.Steps,
            Batch = scenario.Batch,
            Threads = options.Threads,
            InputRate = scenario.InputRate,
            HiddenRate = Math.Round(hiddenRate, 4),
            MsMedian = Math.Round(median, 3),
            MsMin = Math.Round(times.Min(), 3),
            MsMax = Math.Round(times.Max(), 3),
            CpuMsMedian = Math.Round(Median(cpuMs), 3),
            Repeats = options.Repeats,
            SamplesPerS = Math.Round(scenario.Batch / (median / 1000), 1),
            Gflops = Math.Round(flops / (median / 1000) / 1e9, 2),
            PeakMb = Math.Round(peakMb, 1),
            KernelPath = SnnKernelPath.Describe(scenario, network, engine),
            SynopsPerSample = synOps is double s ? Math.Round(s) : null,
            ForwardMsMedian = forwardMs is double f ? Math.Round(f, 3) : null,
            EventsMsMedian = eventsTiming is { } e ? Math.Round(e.Ms, 3) : null,
            EventsCpuMsMedian = eventsTiming is { } c ? Math.Round(c.CpuMs, 3) : null,
        };
        Trial.Timing Retime()
        {
            double[] again = Time(step, options.Repeats, out _, out double[] cpu);
            return new Trial.Timing(Median(again), Median(cpu), again.Min(), again.Max(), TimeEvents());
        }
        return new Trial(scenario, row, job, Retime, step, eventStep);
    }

    /// <summary>Wall-clock ms of each timed step; <paramref name="cpuMs"/> gets the process CPU time of each (all threads).</summary>
    private static double[] Time(Action step, int repeats, out double peakMb, out double[] cpuMs)
    {
        // The peak spans warm-up too: the GC keeps the heap a first step grew, so a peak taken after warm-up reads ~0.
        // An aggressive collection first returns earlier cases' memory, so each case starts from its own live data.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        PeakMemory memory = PeakMemory.Start();
        long warmUp = Stopwatch.GetTimestamp();
        for (int i = 0; i < SnnBenchOptions.WarmUpSteps || Stopwatch.GetElapsedTime(warmUp) < SnnBenchOptions.WarmUpTime; i++)
        {
            step();
        }
        var times = new double[repeats];
        cpuMs = new double[repeats];
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < repeats; i++)
        {
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            cpuMs[i] = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        }
        peakMb = memory.PeakDeltaMb();
        return times;
    }

    internal static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Print(SnnBenchRow row, bool json, TextWriter output) =>
        output.WriteLine(json ? row.ToJson() : row.ToTableLine());

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
