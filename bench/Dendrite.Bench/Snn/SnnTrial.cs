using System.Globalization;

namespace Dendrite.Bench.Snn;

/// <summary>
/// One case of <c>dendrite bench snn</c> over its rounds: the first measurement's row, how to time Dendrite again, and
/// every round's medians on both sides.
/// </summary>
internal sealed class Trial(SnnCase scenario, SnnBenchRow row, PytorchJob? job, Func<Trial.Timing> retime, Action step, Action? eventStep)
{
    /// <summary>One round: the step's median wall and CPU ms, its fastest and slowest step, and for inference the medians from input events.</summary>
    public readonly record struct Timing(double Ms, double CpuMs, double MinMs, double MaxMs, (double Ms, double CpuMs)? Events);

    public SnnCase Case { get; } = scenario;

    public SnnBenchRow Row { get; } = row;

    public PytorchJob? Job { get; } = job;

    /// <summary>Times Dendrite's step again (warm-up included).</summary>
    public Func<Timing> Retime { get; } = retime;

    /// <summary>One step of Dendrite's, untimed (warmed up by the first measurement).</summary>
    public Action Step { get; } = step;

    /// <summary>For inference, one step from the input given as events; null in training.</summary>
    public Action? EventStep { get; } = eventStep;

    /// <summary>Dendrite's medians per round, the first from <see cref="Row"/>.</summary>
    public List<Timing> Dendrite { get; } =
        [new(row.MsMedian, row.CpuMsMedian, row.MsMin, row.MsMax, row.EventsMsMedian is double e ? (e, row.EventsCpuMsMedian ?? 0) : null)];

    /// <summary>PyTorch's medians per round (empty without the comparison).</summary>
    public List<(double MsMedian, double CpuMsMedian, double PeakMb)> Reference { get; } = [];

    /// <summary>
    /// The row with medians over the rounds and, beside PyTorch, the speedups as the median of each round's ratio (the lowest
    /// and highest with several rounds, also logged).
    /// </summary>
    public SnnBenchRow Summary(TextWriter log)
    {
        double ms = SnnBenchmark.Median([.. Dendrite.Select(d => d.Ms)]);
        double cpuMs = SnnBenchmark.Median([.. Dendrite.Select(d => d.CpuMs)]);
        SnnBenchRow row = Row with
        {
            MsMedian = Math.Round(ms, 3),
            CpuMsMedian = Math.Round(cpuMs, 3),
            MsMin = Math.Round(Dendrite.Min(d => d.MinMs), 3),
            MsMax = Math.Round(Dendrite.Max(d => d.MaxMs), 3),
            SamplesPerS = Math.Round(Row.Batch / (ms / 1000), 1),
            Gflops = Math.Round(Row.Gflops * Row.MsMedian / ms, 2),
            Rounds = Dendrite.Count > 1 ? Dendrite.Count : null,
            EventsMsMedian = Row.EventsMsMedian is null ? null : Math.Round(SnnBenchmark.Median([.. Dendrite.Select(d => d.Events!.Value.Ms)]), 3),
            EventsCpuMsMedian = Row.EventsMsMedian is null ? null : Math.Round(SnnBenchmark.Median([.. Dendrite.Select(d => d.Events!.Value.CpuMs)]), 3),
        };
        if (Reference.Count == 0)
        {
            return row;
        }
        double[] ratios = [.. Reference.Select((r, i) => r.MsMedian / Dendrite[i].Ms)];
        double[] cpuRatios = [.. Reference.Select((r, i) => r.CpuMsMedian / Dendrite[i].CpuMs)];
        if (ratios.Length > 1)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rounds of {Row.Scenario} {Row.Mode} (input {Row.InputRate}, hidden {Row.HiddenRate}): speedup {Join(ratios)}; by CPU time {Join(cpuRatios)}"));
        }
        return row with
        {
            PytorchMsMedian = Math.Round(SnnBenchmark.Median([.. Reference.Select(r => r.MsMedian)]), 3),
            PytorchCpuMsMedian = Math.Round(SnnBenchmark.Median([.. Reference.Select(r => r.CpuMsMedian)]), 3),
            PytorchPeakMb = Reference.Max(r => r.PeakMb),
            Speedup = Math.Round(SnnBenchmark.Median(ratios), 3),
            CpuSpeedup = Math.Round(SnnBenchmark.Median(cpuRatios), 3),
            SpeedupMin = ratios.Length > 1 ? Math.Round(ratios.Min(), 3) : null,
            SpeedupMax = ratios.Length > 1 ? Math.Round(ratios.Max(), 3) : null,
        };
    }

    private static string Join(double[] values) => string.Join(", ", values.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)));
}
