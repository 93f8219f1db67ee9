using System.CommandLine;
using Dendrite.Data;
using Dendrite.Interop;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite train [--config FILE] [--set key=value ...] [--out DIR] [--resume DIR]</c>.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config")
        {
            HelpName = "FILE",
            Description = "The YAML config (see configs/). Default: configs/fmnist-lif.yaml when Fashion-MNIST can be found, else configs/randman.yaml.",
        };
        var set = new Option<string[]>("--set")
        {
            HelpName = "key=value",
            Description = "Override a config key, e.g. --set training.epochs=3 (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--out")
        {
            HelpName = "DIR",
            Description = "The run folder for checkpoints, metrics.jsonl and plots. Default: runs/<config name>-<time>.",
        };
        var resume = new Option<string?>("--resume")
        {
            HelpName = "DIR",
            Description = "Continue the run in this folder from its last checkpoint, with the config and --set overrides it was started with (further --set values apply on top) unless --config is given.",
        };
        var plain = new Option<bool>("--plain")
        {
            Description = "Plain progress lines instead of the live progress bar (the default when output is redirected).",
        };
        var command = new Command("train", "Train a spiking network from a config, checkpointing every epoch; the finished run folder " +
            "holds model.safetensors, optimizer.safetensors, state.json, metrics.jsonl, the figures and report.html. Ctrl-C stops " +
            "after the current batch, keeps the last completed epoch's checkpoint and exits with code 130.")
        {
            config, set, output, resume, plain,
        };
        // Task.Run: System.CommandLine hooks Ctrl-C only once the action has returned its task, so the work must not run inline.
        command.SetAction((parseResult, cancellation) => Task.Run(() => CliErrors.Run(() =>
            Run(parseResult.GetValue(config), parseResult.GetValue(set) ?? [], parseResult.GetValue(output), parseResult.GetValue(resume),
                parseResult.GetValue(plain) || Console.IsOutputRedirected, cancellation)), CancellationToken.None));
        return command;
    }

    private static int Run(string? configPath, string[] overrides, string? outDirectory, string? resumeDirectory, bool plain, CancellationToken cancellation)
    {
        RunState? resumed = ResumedState(resumeDirectory);
        if (configPath is null && resumed is not null)
        {
            // The run's own config and overrides first, so the same network is rebuilt; new --set values apply on top.
            configPath = resumed.Config;
            overrides = [.. resumed.Overrides ?? [], .. overrides];
        }
        configPath ??= DefaultConfig();
        TrainConfig config = ConfigLoader.Load(configPath, overrides);
        string name = config.Name ?? Path.GetFileNameWithoutExtension(configPath);
        string runDirectory = resumeDirectory ?? outDirectory ?? Path.Combine("runs", $"{name}-{DateTime.Now:yyyyMMdd-HHmmss}");
        if (resumeDirectory is null && Directory.Exists(runDirectory) && Directory.EnumerateFileSystemEntries(runDirectory).Any())
        {
            throw new IOException($"The run folder '{runDirectory}' is not empty; continue it with --resume {runDirectory}, or choose another --out.");
        }
        TrainingTask task = TrainingTask.Open(config);
        var progress = plain ? null : new DeferredProgress();
        var trainer = new Trainer(config, task, runDirectory, Console.Out, progress);
        Console.WriteLine($"dendrite train: {configPath} → {runDirectory}");
        Console.WriteLine($"  data: {task.Description}; network: {task.Features} → {trainer.Network}; {trainer.Network.ParameterCount():N0} parameters");
        double accuracy;
        try
        {
            accuracy = progress is null
                ? trainer.Run(cancellation)
                : SpectreTrainingProgress.Run(live => { progress.Target = live; return trainer.Run(cancellation); });
        }
        catch (OperationCanceledException)
        {
            string kept = File.Exists(Path.Combine(runDirectory, RunState.FileName))
                ? $"epoch {RunState.Read(runDirectory).Epoch}'s checkpoint is kept in {runDirectory}"
                : "no epoch had completed, so there is no checkpoint";
            Console.Error.WriteLine($"interrupted: {kept}; continue with: dendrite train --resume {runDirectory}");
            return 130;
        }
        Console.WriteLine($"done: test accuracy {accuracy:P2}; checkpoints, metrics.jsonl and report.html in {runDirectory}");
        return 0;
    }

    private static RunState? ResumedState(string? resumeDirectory)
    {
        if (resumeDirectory is null)
        {
            return null;
        }
        if (!File.Exists(Path.Combine(resumeDirectory, RunState.FileName)))
        {
            throw new FileNotFoundException($"--resume {resumeDirectory}: no checkpoint there ({RunState.FileName} is missing).");
        }
        return RunState.Read(resumeDirectory);
    }

    // The trainer is built before the live display exists; this forwards to it once it does.
    private sealed class DeferredProgress : ITrainingProgress
    {
        public ITrainingProgress? Target { get; set; }

        public void OnBatch(BatchProgress progress) => Target?.OnBatch(progress);

        public void OnEpoch(Dendrite.Training.Metrics.MetricsRecord record, int epochs) => Target?.OnEpoch(record, epochs);
    }

    // The default job: Fashion-MNIST when it can be found, else the download-free Randman task.
    private static string DefaultConfig()
    {
        string configs = ConfigsFolder();
        try
        {
            new DatasetLocator(new DatasetOptions(Download: false)).Locate(ImageDatasets.FashionMnist, [ImageDatasets.FileNames(DatasetSplit.Train).Images]);
            Console.WriteLine("No --config given: training configs/fmnist-lif.yaml (Fashion-MNIST found).");
            return Path.Combine(configs, "fmnist-lif.yaml");
        }
        catch (DatasetNotFoundException)
        {
            Console.WriteLine("No --config given and Fashion-MNIST was not found: training configs/randman.yaml (no download needed).");
            return Path.Combine(configs, "randman.yaml");
        }
    }

    private static string ConfigsFolder()
    {
        string? root = Environment.GetEnvironmentVariable("DENDRITE_ROOT");
        for (string? folder = root ?? AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "configs", "fmnist-lif.yaml")))
            {
                return Path.Combine(folder, "configs");
            }
        }
        throw new DirectoryNotFoundException("The shipped configs/ folder was not found; pass --config FILE.");
    }
}
