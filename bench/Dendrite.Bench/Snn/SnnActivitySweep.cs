using System.Diagnostics;
using System.Globalization;

namespace Dendrite.Bench.Snn;

/// <summary>
/// Scenario D's verdict: how much faster a step is at the lowest activity than at the highest, per hidden firing level
/// (only the input rate changes) and along the diagonal (input and hidden activity both lowest against both highest).
/// </summary>
/// <remarks>
/// The two ends of each ratio are timed in alternating blocks of <see cref="BlockSteps"/> steps, so that they share the
/// machine's state: on a shared VM whose speed drifts by up to 2× within minutes, cases timed minutes apart (as the table's
/// are) can put a slow spell on one end of a ratio only. The ratio is the median over the block pairs. Both inputs are
/// reported: the dense tensor the training path takes, and the same spikes as events
/// (<see cref="Dendrite.Inference.EventSequence"/>), the engine's deployment input, which spares reading the mostly-zero
/// tensor.
/// </remarks>
internal static class SnnActivitySweep
{
    private const int BlockSteps = 5;

    public static void Report(IReadOnlyList<Trial> trials, int repeats, TextWriter output, TextWriter log)
    {
        foreach (IGrouping<string, Trial> mode in trials.Where(t => t.Case.Scenario == "D").GroupBy(t => t.Row.Mode))
        {
            Trial[] cases = [.. mode];
            double lowRate = cases.Min(t => t.Case.InputRate);
            double highRate = cases.Max(t => t.Case.InputRate);
            Trial? At(double rate, double? hidden) => cases.FirstOrDefault(t => t.Case.InputRate == rate && t.Case.HiddenTarget == hidden);
            int pairs = Math.Max(5, repeats / BlockSteps);
            var parts = new List<string>();
            foreach (double? hidden in cases.Select(t => t.Case.HiddenTarget).Distinct().Order())
            {
                if (At(lowRate, hidden) is { } low && At(highRate, hidden) is { } high)
                {
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timing D {mode.Key} at hidden {hidden:0%}: input {lowRate} and {highRate} alternating ..."));
                    parts.Add(string.Create(CultureInfo.InvariantCulture, $"hidden {hidden:0%}: {Ratios(low, high, pairs)}"));
                }
            }
            double? lowest = cases.Min(t => t.Case.HiddenTarget);
            double? highest = cases.Max(t => t.Case.HiddenTarget);
            if (lowest != highest && At(lowRate, lowest) is { } calm && At(highRate, highest) is { } busy)
            {
                log.WriteLine($"timing D {mode.Key}: both activities lowest and highest alternating ...");
                parts.Add($"input and hidden both lowest against both highest: {Ratios(calm, busy, pairs)}");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"D {mode.Key}: time at input rate {highRate:0.###} ÷ time at {lowRate:0.###}, the two timed in {pairs} alternating pairs of {BlockSteps}-step blocks (median ratio, quartiles in brackets; dense input / event input): {string.Join("; ", parts)}."));
        }
    }

    /// <summary>"a× / b×": the high case's time over the low case's, dense input then events (dense only in training).</summary>
    private static string Ratios(Trial low, Trial high, int pairs)
    {
        string dense = Paired(low.Step, high.Step, pairs);
        return low.EventStep is null || high.EventStep is null ? dense : $"{dense} / {Paired(low.EventStep, high.EventStep, pairs)}";
    }

    /// <summary>The median and quartiles over <paramref name="pairs"/> of (time of a block of high steps ÷ the block of low steps just before).</summary>
    private static string Paired(Action low, Action high, int pairs)
    {
        var ratios = new double[pairs];
        for (int p = 0; p < pairs; p++)
        {
            double lowMs = Block(low);
            ratios[p] = Block(high) / lowMs;
        }
        Array.Sort(ratios);
        return string.Create(CultureInfo.InvariantCulture,
            $"{SnnBenchmark.Median(ratios):0.00}× ({ratios[pairs / 4]:0.00}–{ratios[3 * pairs / 4]:0.00})");
    }

    private static double Block(Action step)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < BlockSteps; i++)
        {
            step();
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
