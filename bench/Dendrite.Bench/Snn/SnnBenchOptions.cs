namespace Dendrite.Bench.Snn;

/// <summary>What <c>dendrite bench snn</c> measures and how it prints.</summary>
/// <param name="Modes">Train, infer, or both.</param>
/// <param name="Repeats">Timed steps after warm-up; the median is reported (at least 10 unless asked otherwise).</param>
/// <param name="Threads">Threads for Dendrite's kernels and for PyTorch.</param>
/// <param name="ComparePytorch">Run bench/pytorch/snn_bench.py on the same weights in a child process.</param>
/// <param name="CheckPytorch">Run the equal-work check (bench/pytorch/check_equal.py) instead of timing.</param>
/// <param name="Rounds">With <paramref name="ComparePytorch"/>: Dendrite and PyTorch alternate this many times per case.</param>
public sealed record SnnBenchOptions(string Scenario, IReadOnlyList<SnnMode> Modes, int Repeats, int Threads, bool Json,
    bool ComparePytorch, bool CheckPytorch, int Rounds = 1)
{
    public const int WarmUpSteps = 2;

    /// <summary>
    /// Warm-up also lasts at least this long: tiered JIT replaces a hot method's first code only after ~30 calls and a
    /// 100 ms delay, and two 10 ms warm-up steps left some runs timing unoptimised kernels (A infer 12 ms against 8 ms).
    /// </summary>
    public static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(2);

    public const ulong Seed = 42;
}
