using System.Globalization;

namespace Dendrite.Bench.Snn;

/// <summary>
/// Scenario D's verdict: how much faster a step is at the lowest activity than at the highest, per hidden firing level
/// (only the input rate changes) and along the diagonal (input and hidden activity both lowest against both highest).
/// </summary>
/// <remarks>
/// Each ratio is taken within a round, whose cases run back to back, and the median over the rounds is reported, so that a
/// shared machine's slow spell does not fall on one end of a ratio only. Both inputs are reported: the dense tensor the
/// training path takes, and the same spikes as events (<see cref="Dendrite.Inference.EventSequence"/>), the engine's
/// deployment input, which spares reading the mostly-zero tensor.
/// </remarks>
internal static class SnnActivitySweep
{
    public static void Report(IReadOnlyList<Trial> trials, TextWriter output)
    {
        foreach (IGrouping<string, Trial> mode in trials.Where(t => t.Case.Scenario == "D").GroupBy(t => t.Row.Mode))
        {
            Trial[] cases = [.. mode];
            double lowRate = cases.Min(t => t.Case.InputRate);
            double highRate = cases.Max(t => t.Case.InputRate);
            Trial? At(double rate, double? hidden) => cases.FirstOrDefault(t => t.Case.InputRate == rate && t.Case.HiddenTarget == hidden);
            var parts = new List<string>();
            foreach (double? hidden in cases.Select(t => t.Case.HiddenTarget).Distinct().Order())
            {
                if (At(lowRate, hidden) is { } low && At(highRate, hidden) is { } high)
                {
                    parts.Add($"hidden {hidden:0%}: {Ratios(low, high)}");
                }
            }
            double? lowest = cases.Min(t => t.Case.HiddenTarget);
            double? highest = cases.Max(t => t.Case.HiddenTarget);
            if (lowest != highest && At(lowRate, lowest) is { } calm && At(highRate, highest) is { } busy)
            {
                parts.Add($"input and hidden both lowest against both highest: {Ratios(calm, busy)}");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"D {mode.Key}: time at input rate {highRate:0.###} ÷ time at {lowRate:0.###} (median of the rounds' ratios, lowest–highest round in brackets; dense input / event input): {string.Join("; ", parts)}."));
        }
    }

    /// <summary>"a× / b×": the high case's time over the low case's, dense input then events (dense only in training).</summary>
    private static string Ratios(Trial low, Trial high)
    {
        string dense = Median(low, high, t => t.Ms);
        return low.Dendrite[0].Events is null ? dense : $"{dense} / {Median(low, high, t => t.Events!.Value.Ms)}";
    }

    /// <summary>The median of the rounds' ratios, with the lowest and highest round in brackets when there are several.</summary>
    private static string Median(Trial low, Trial high, Func<Trial.Timing, double> time)
    {
        double[] ratios = [.. low.Dendrite.Zip(high.Dendrite, (l, h) => time(h) / time(l))];
        string median = Format(SnnBenchmark.Median(ratios));
        return ratios.Length > 1 ? $"{median} ({Format(ratios.Min())}–{Format(ratios.Max())})" : median;
    }

    private static string Format(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
