using System.Diagnostics;
using Dendrite.Kernels;

namespace Dendrite.Bench.Gemm;

/// <summary>
/// <c>dendrite bench gemm</c>: Dendrite's GEMM against OpenBLAS and the naive reference, in the same process,
/// on square and SNN-projection shapes, on one thread and on all cores.
/// </summary>
/// <remarks>
/// Noise on a shared machine is handled by interleaving: each repeat times one batch of every library, in
/// rotating order, so a disturbance hits all of them alike; the median of the repeats is reported with the
/// spread. Before a multithreaded batch, the previous library's idle threads are given time to stop spinning
/// (libgomp spins for several milliseconds after a parallel region), so neither library runs against the
/// other's spinning workers.
/// </remarks>
public static unsafe class GemmBenchmark
{
    // A timed batch lasts at least this long, so timer resolution and one-off hiccups do not matter.
    private static readonly TimeSpan BatchTime = TimeSpan.FromMilliseconds(40);

    // libgomp's default spin (GOMP_SPINCOUNT 300000 pauses) lasts about 15 ms on this class of CPU.
    private static readonly TimeSpan QuietTime = TimeSpan.FromMilliseconds(25);

    public static int Run(GemmBenchOptions options, TextWriter output, TextWriter log)
    {
        string kernel = Kernels.Gemm.Resolve(GemmKernelWidth.Auto).ToString();
        bool haveOpenBlas = OpenBlas.TryLoad(out string? failure);
        string? coreType = haveOpenBlas ? OpenBlas.CoreName : null;
        TextWriter header = options.Json ? log : output;
        header.WriteLine($"Dendrite GEMM kernel: {kernel}; {Environment.ProcessorCount} cores; load average {LoadAverage()}");
        header.WriteLine(haveOpenBlas
            ? $"OpenBLAS core type: {coreType}; config: {OpenBlas.Config}"
            : $"OpenBLAS: {failure}");
        header.WriteLine($"GFLOP/s, median of {options.Repeats} interleaved batches after warm-up; naive = GemmReference, one thread.");
        WarmUp(options.ThreadCounts);
        if (!options.Json)
        {
            output.WriteLine(GemmBenchRow.TableHeader);
        }
        foreach (int threads in options.ThreadCounts)
        {
            KernelThreads.Count = threads;
            if (haveOpenBlas)
            {
                OpenBlas.SetThreads(threads);
            }
            foreach (GemmShape shape in GemmBenchOptions.Shapes)
            {
                GemmBenchRow row = Measure(shape, threads, options.Repeats, haveOpenBlas, coreType, kernel, log);
                output.WriteLine(options.Json ? row.ToJsonLine() : row.ToTableLine());
                output.Flush();
            }
        }
        return 0;
    }

    private static GemmBenchRow Measure(GemmShape shape, int threads, int repeats, bool haveOpenBlas,
        string? coreType, string kernel, TextWriter log)
    {
        (int m, int n, int k) = (shape.M, shape.N, shape.K);
        float[] a = RandomMatrix(m * k, 1);
        float[] b = RandomMatrix(k * n, 2);
        float[] cDendrite = GC.AllocateUninitializedArray<float>(m * n, pinned: true);
        float[] cOpenBlas = GC.AllocateUninitializedArray<float>(m * n, pinned: true);
        float[] cNaive = GC.AllocateUninitializedArray<float>(m * n, pinned: true);
        var candidates = new List<Candidate>
        {
            new("Dendrite", () => Kernels.Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, cDendrite, n)),
        };
        if (haveOpenBlas)
        {
            candidates.Add(new("OpenBLAS", () =>
            {
                fixed (float* pa = a, pb = b, pc = cOpenBlas)
                {
                    OpenBlas.Sgemm(false, false, m, n, k, 1f, pa, k, pb, n, 0f, pc, n);
                }
            }));
        }
        if (shape.IsSmall)
        {
            candidates.Add(new("naive", () => GemmReference.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, cNaive, n)));
        }

        foreach (Candidate candidate in candidates)
        {
            candidate.Calibrate();
        }
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                Candidate candidate = candidates[(i + repeat) % candidates.Count];
                if (threads > 1)
                {
                    Thread.Sleep(QuietTime);
                }
                candidate.TimeBatch(shape.Flops);
            }
        }
        if (haveOpenBlas)
        {
            WarnIfDifferent(cDendrite, cOpenBlas, k, shape, log);
        }
        Measurement? Find(string name) => candidates.FirstOrDefault(c => c.Name == name)?.Result();
        return new GemmBenchRow(shape, threads, Find("Dendrite")!, Find("OpenBLAS"), Find("naive"), coreType, kernel);
    }

    /// <summary>
    /// Runs every code path until the JIT has tiered it up (tier-0 code is 5–15× slower), then lets the
    /// background compiler finish. The shapes reach packed and in-place B, edge tiles and short row panels.
    /// </summary>
    private static void WarmUp(IReadOnlyList<int> threadCounts)
    {
        (int M, int N, int K)[] shapes = [(96, 96, 96), (37, 100, 50), (150, 70, 90)];
        foreach (int threads in threadCounts)
        {
            KernelThreads.Count = threads;
            foreach ((int m, int n, int k) in shapes)
            {
                float[] a = RandomMatrix(m * k, 3), b = RandomMatrix(k * n, 4), c = new float[m * n];
                var clock = Stopwatch.StartNew();
                for (int call = 0; call < 200 || clock.ElapsedMilliseconds < 150; call++)
                {
                    Kernels.Gemm.Multiply(false, false, m, n, k, 1f, a, k, b, n, 0f, c, n);
                }
            }
        }
        Thread.Sleep(250);
    }

    private static void WarnIfDifferent(float[] dendrite, float[] openBlas, int k, GemmShape shape, TextWriter log)
    {
        // Entries are sums of K products of numbers in [-1, 1]; float rounding stays far below 1e-4·K.
        double worst = 0;
        for (int i = 0; i < dendrite.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(dendrite[i] - openBlas[i]));
        }
        if (!(worst <= 1e-4 * k))
        {
            log.WriteLine($"warning: {shape}: Dendrite and OpenBLAS differ by up to {worst:g3}.");
        }
    }

    private static float[] RandomMatrix(int length, int seed)
    {
        var random = new Random(seed);
        float[] values = GC.AllocateUninitializedArray<float>(length, pinned: true);
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    /// <summary>One library's call, how many calls make a batch, and the GFLOP/s of each timed batch.</summary>
    private sealed class Candidate(string name, Action call)
    {
        private readonly List<double> _gflops = [];
        private int _callsPerBatch = 1;

        public string Name { get; } = name;

        /// <summary>Warms the call up (at least 3 calls and 100 ms) and sizes a batch to about <see cref="BatchTime"/>.</summary>
        public void Calibrate()
        {
            var clock = Stopwatch.StartNew();
            int calls = 0;
            do
            {
                call();
                calls++;
            }
            while (calls < 3 || clock.Elapsed < TimeSpan.FromMilliseconds(100));
            double perCall = clock.Elapsed.TotalSeconds / calls;
            _callsPerBatch = Math.Max(1, (int)Math.Ceiling(BatchTime.TotalSeconds / perCall));
        }

        public void TimeBatch(double flopsPerCall)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < _callsPerBatch; i++)
            {
                call();
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            _gflops.Add(flopsPerCall * _callsPerBatch / seconds / 1e9);
        }

        public Measurement Result() => Measurement.From(_gflops);
    }
}
