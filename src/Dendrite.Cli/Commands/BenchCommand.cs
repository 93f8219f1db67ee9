using System.CommandLine;
using Dendrite.Bench.Gemm;

namespace Dendrite.Cli.Commands;

/// <summary>
/// <c>dendrite bench</c>: throughput measurements, each a subcommand. To add one (e.g. <c>bench snn</c>), write a
/// <c>CreateSnn()</c> beside <see cref="CreateGemm"/> and list it in <see cref="Create"/>.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure Dendrite's throughput beside reference implementations.");
        foreach (Command subcommand in (Command[])[CreateGemm(), CreateData(), EPropBenchCommand.Create(), BenchDeepRCommand.Create()])
        {
            bench.Subcommands.Add(subcommand);
        }
        return bench;
    }

    /// <summary><c>dendrite bench gemm [--threads N] [--json] [--repeats R]</c>.</summary>
    public static Command CreateGemm()
    {
        var threads = new Option<int?>("--threads")
        {
            Description = "Measure only this thread count (default: 1 and all cores).",
        };
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per line instead of a table.",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed batches per library and shape; the median is reported.",
            DefaultValueFactory = _ => 7,
        };
        var command = new Command("gemm", "SGEMM GFLOP/s: Dendrite vs OpenBLAS (and the naive reference on small shapes).")
        {
            threads, json, repeats,
        };
        command.SetAction(parseResult =>
        {
            int? threadCount = parseResult.GetValue(threads);
            int repeatCount = parseResult.GetValue(repeats);
            if (threadCount is < 1)
            {
                Console.Error.WriteLine($"--threads must be at least 1; got {threadCount}.");
                return 2;
            }
            if (repeatCount < 1)
            {
                Console.Error.WriteLine($"--repeats must be at least 1; got {repeatCount}.");
                return 2;
            }
            var options = new GemmBenchOptions(
                threadCount is int count ? [count] : GemmBenchOptions.DefaultThreadCounts,
                repeatCount,
                parseResult.GetValue(json));
            return GemmBenchmark.Run(options, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary><c>dendrite bench data [--json]</c>: time to load all 70 000 Fashion-MNIST images.</summary>
    public static Command CreateData()
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object per line instead of text.",
        };
        var command = new Command("data", "Fashion-MNIST loading time (all 70 000 images), median of several runs.")
        {
            json,
        };
        command.SetAction(parseResult => CliErrors.Run(() =>
        {
            Dendrite.Bench.Data.DataBenchmark.Run(Console.Out, parseResult.GetValue(json));
            return 0;
        }));
        return command;
    }
}
