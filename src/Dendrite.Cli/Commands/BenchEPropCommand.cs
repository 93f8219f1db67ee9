using System.CommandLine;
using Dendrite.Bench.EProp;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite bench eprop [--steps 100,1000,10000] [--bptt-limit N] [--json]</c>: e-prop's memory against T.</summary>
public static class BenchEPropCommand
{
    public static Command Create()
    {
        var steps = new Option<string>("--steps")
        {
            Description = "Comma-separated sequence lengths.",
            DefaultValueFactory = _ => "100,1000,10000",
        };
        var bpttLimit = new Option<int>("--bptt-limit")
        {
            Description = "Measure BPTT only up to this many steps.",
            DefaultValueFactory = _ => 10_000,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per line instead of a table.",
        };
        var command = new Command("eprop", "e-prop's memory and time per step for growing T, beside BPTT's memory.")
        {
            steps, bpttLimit, json,
        };
        command.SetAction(parseResult =>
        {
            string text = parseResult.GetValue(steps) ?? "";
            int[] lengths = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out int v) ? v : -1).ToArray();
            if (lengths.Length == 0 || lengths.Any(v => v < 1))
            {
                Console.Error.WriteLine($"--steps must be a comma-separated list of positive integers; got '{text}'.");
                return 2;
            }
            EPropMemoryBenchmark.Run(Console.Out, lengths, parseResult.GetValue(bpttLimit), parseResult.GetValue(json));
            return 0;
        });
        return command;
    }
}
