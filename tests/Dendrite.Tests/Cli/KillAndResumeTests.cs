using System.Diagnostics;
using Dendrite.Interop;
using Dendrite.Tensors;

namespace Dendrite.Tests.Cli;

/// <summary>
/// A training process killed at a random point (SIGKILL, not an exception) and resumed ends with weights
/// bit-identical to an uninterrupted run: checkpoints are atomic and every epoch's randomness is derived from
/// (seed, epoch), so nothing depends on where the process died.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private const int Epochs = 5;

    private static readonly string[] s_overrides =
        ["data.randman.samples_per_class=30", $"training.epochs={Epochs}", "model.layers.0.size=16", "training.threads=1"];

    private readonly string _folder = Directory.CreateTempSubdirectory("dendrite-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void KilledAndResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        string uninterrupted = Path.Combine(_folder, "whole");
        Assert.Equal(0, RunToEnd(Train(uninterrupted)));

        var rng = new Rng((ulong)Environment.TickCount64);
        string killed = Path.Combine(_folder, "killed");
        int killedAtEpoch = KillDuringRun(killed, rng);
        Assert.InRange(killedAtEpoch, 0, Epochs - 1);
        Assert.Equal(0, RunToEnd(Resume(killed)));

        Assert.Equal(Weights(uninterrupted), Weights(killed));
    }

    // Starts a run, kills it a random few milliseconds after its first checkpoint, and returns the epoch the run
    // folder holds at that moment (retrying when the kill came too late to interrupt anything).
    private static int KillDuringRun(string runFolder, Rng rng)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            if (Directory.Exists(runFolder))
            {
                Directory.Delete(runFolder, recursive: true);
            }
            using Process process = Process.Start(Train(runFolder))!;
            string state = Path.Combine(runFolder, "state.json");
            var clock = Stopwatch.StartNew();
            while (!File.Exists(state) && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(5);
            }
            Thread.Sleep(rng.NextInt(400));
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                int epoch = CheckpointedEpoch(runFolder);
                if (epoch < Epochs)
                {
                    return epoch;
                }
            }
        }
        throw new InvalidOperationException("The run always finished before it could be killed.");
    }

    private static int CheckpointedEpoch(string runFolder)
    {
        string state = Path.Combine(runFolder, "state.json");
        return File.Exists(state)
            ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(state)).RootElement.GetProperty("Epoch").GetInt32()
            : 0;
    }

    private static float[] Weights(string runFolder)
    {
        SafetensorsFile file = SafetensorsFile.Load(Path.Combine(runFolder, "model.safetensors"));
        return file.Entries.OrderBy(e => e.Name, StringComparer.Ordinal).SelectMany(e => e.ToTensor().ToArray()).ToArray();
    }

    private static ProcessStartInfo Train(string runFolder)
    {
        ProcessStartInfo info = Cli(["train", "--config", TinyRun.ConfigPath("randman.yaml"), "--out", runFolder, "--plain"]);
        foreach (string item in s_overrides)
        {
            info.ArgumentList.Add("--set");
            info.ArgumentList.Add(item);
        }
        return info;
    }

    private static ProcessStartInfo Resume(string runFolder) => Cli(["train", "--resume", runFolder, "--plain"]);

    private static ProcessStartInfo Cli(string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dendrite.Cli.dll"));
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        return info;
    }

    private static int RunToEnd(ProcessStartInfo info)
    {
        using Process process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"dendrite {string.Join(' ', info.ArgumentList.Skip(1))} exited {process.ExitCode}: {errors.Result}{output.Result}");
        return process.ExitCode;
    }
}
