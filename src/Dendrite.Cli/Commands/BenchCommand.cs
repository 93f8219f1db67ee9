using System.CommandLine;
using Dendrite.Bench.Gemm;
using Dendrite.Bench.Snn;

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
        foreach (Command subcommand in (Command[])[CreateGemm(), CreateData(), CreateSnn(), BenchEPropCommand.Create(), BenchDeepRCommand.Create()])
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
    /// <summary>
    /// <c>dendrite bench snn [--scenario A|B|C|D|all] [--mode train|infer] [--repeats N] [--threads N] [--json]
    /// [--compare-pytorch] [--check-pytorch]</c>.
    /// </summary>
    public static Command CreateSnn()
    {
        var scenario = new Option<string>("--scenario")
        {
            Description = "A: recurrent 700-256-20, T 100, batch 32. B: feed-forward 784-1000-10 (Fashion-MNIST), T 25, batch 128. "
                + "C: A at hidden 256/1024 × T 100/500. D: A over input rates and hidden firing rates. all: every one.",
            DefaultValueFactory = _ => "A",
        };
        var mode = new Option<string?>("--mode") { Description = "train or infer (default: both)." };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed steps after warm-up; the median is reported.",
            DefaultValueFactory = _ => 10,
        };
        var threads = new Option<int>("--threads")
        {
            Description = "Threads for Dendrite and for PyTorch (default: all cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per line instead of a table." };
        var rounds = new Option<int>("--rounds")
        {
            Description = "With --compare-pytorch: alternate Dendrite and PyTorch this many times per case and report medians over the rounds, the speedup as the median of the rounds' ratios (on a shared machine, so that both sides see the same conditions).",
            DefaultValueFactory = _ => 1,
        };
        var compare = new Option<bool>("--compare-pytorch")
        {
            Description = "Also time bench/pytorch/snn_bench.py on the same weights (child process); adds pytorch_ms_median and speedup.",
        };
        var check = new Option<bool>("--check-pytorch")
        {
            Description = "Instead of timing, check that PyTorch computes the same loss and gradients on the same weights and inputs.",
        };
        var profile = new Option<bool>("--profile")
        {
            Description = "Instead of the table, break one training step of the (first) scenario down by phase.",
        };
        var command = new Command("snn", "Spiking-network training and inference steps: ms per step, samples/s, GFLOP/s, peak memory.")
        {
            scenario, mode, repeats, threads, json, rounds, compare, check, profile,
        };
        command.SetAction(parseResult => CliErrors.Run(() =>
        {
            string? modeName = parseResult.GetValue(mode);
            SnnMode[] modes = modeName switch
            {
                null => [SnnMode.Train, SnnMode.Infer],
                "train" => [SnnMode.Train],
                "infer" => [SnnMode.Infer],
                _ => throw new ArgumentException($"--mode must be train or infer; got '{modeName}'."),
            };
            int repeatCount = parseResult.GetValue(repeats);
            int threadCount = parseResult.GetValue(threads);
            int roundCount = parseResult.GetValue(rounds);
            if (repeatCount < 1 || threadCount < 1 || roundCount < 1)
            {
                throw new ArgumentException($"--repeats, --threads and --rounds must be at least 1; got {repeatCount}, {threadCount} and {roundCount}.");
            }
            string scenarioName = parseResult.GetValue(scenario)!;
            _ = SnnCase.For(scenarioName);
            var options = new SnnBenchOptions(scenarioName, modes, repeatCount, threadCount, parseResult.GetValue(json),
                parseResult.GetValue(compare), parseResult.GetValue(check), roundCount);
            if (parseResult.GetValue(profile))
            {
                return SnnProfile.Run(options, Console.Out, Console.Error);
            }
            return options.CheckPytorch
                ? SnnEqualWorkCheck.Run(options, Console.Out, Console.Error)
                : SnnBenchmark.Run(options, Console.Out, Console.Error);
        }));
        return command;
    }
}
