using System.Text.Json;
using Dendrite.Cli;
using Dendrite.Cli.Commands;
using Dendrite.Training;
using Dendrite.Training.Metrics;

namespace Dendrite.Tests.Cli;

// In the console collection: one test swaps Console.Error.
[Collection(nameof(ConsoleCollection))]
public sealed class RunFolderCommandTests(TinyRun run) : IClassFixture<TinyRun>
{
    [Fact]
    public void StateRecordsTheOverrides()
    {
        RunState state = RunState.Read(run.Directory);
        Assert.Equal(1, state.Epoch);
        Assert.Equal(TinyRun.Overrides, state.Overrides);
        Assert.True(Path.IsPathRooted(state.Config));
    }

    [Fact]
    public void TrainerReportsProgressThroughTheCallback()
    {
        // 160 training samples in one batch of 256: one batch report, one epoch report.
        BatchProgress batch = Assert.Single(run.Progress.Batches);
        Assert.Equal((1, 1, 1, 1), (batch.Epoch, batch.Epochs, batch.Batch, batch.Batches));
        Assert.InRange(batch.FiringRate, 0, 1);
        MetricsRecord epoch = Assert.Single(run.Progress.Epochs);
        Assert.Equal(run.TestAccuracy, epoch.TestAccuracy);
    }

    [Fact]
    public void CancelledTrainingStopsBeforeAnyCheckpoint()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dendrite-cancelled-" + Guid.NewGuid().ToString("N"));
        try
        {
            var config = Dendrite.Training.Config.ConfigLoader.Load(TinyRun.ConfigPath("randman.yaml"), TinyRun.Overrides);
            var trainer = new Trainer(config, TrainingTask.Open(config), folder, TextWriter.Null);
            Assert.Throws<OperationCanceledException>(() => trainer.Run(new CancellationToken(canceled: true)));
            Assert.False(File.Exists(Path.Combine(folder, RunState.FileName)));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void EvalJsonMatchesTheTrainersLastEvaluation()
    {
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(run.Directory, json: true, output));
        using JsonDocument json = JsonDocument.Parse(output.ToString());
        JsonElement root = json.RootElement;
        Assert.Equal(1, root.GetProperty("epoch").GetInt32());
        // The rebuilt network with the loaded weights scores exactly what the trainer measured.
        Assert.Equal(run.TestAccuracy, root.GetProperty("accuracy").GetDouble(), 12);
        Assert.True(double.IsFinite(root.GetProperty("loss").GetDouble()));
        JsonElement activity = root.GetProperty("activity");
        Assert.Equal(100, activity.GetProperty("steps").GetInt32());
        Assert.Equal(40, activity.GetProperty("samples").GetInt64());   // 10 classes × 20 × test_fraction 0.2
        Assert.Equal(1, activity.GetProperty("layers").GetArrayLength());
    }

    [Fact]
    public void EvalTextHasTheActivityTable()
    {
        var output = new StringWriter();
        Assert.Equal(0, EvalCommand.Run(run.Directory, json: false, output));
        string text = output.ToString();
        Assert.Contains("test accuracy", text, StringComparison.Ordinal);
        Assert.Contains("SynOps", text, StringComparison.Ordinal);
        Assert.Contains("0.9 pJ/AC, 4.6 pJ/MAC", text, StringComparison.Ordinal);
    }

    [Fact]
    public void InspectCountsParametersPerLayer()
    {
        var output = new StringWriter();
        Assert.Equal(0, InspectCommand.Run(run.Directory, output));
        string[] lines = output.ToString().Split('\n');
        // cubalif(16) from 20 inputs: 20·16 + 16 = 336; li(10) from 16: 16·10 + 10 = 170; total 506.
        Assert.Contains(lines, l => l.StartsWith("0 ", StringComparison.Ordinal) && l.Contains("cubalif", StringComparison.Ordinal) && l.Contains(" 336 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("1 ", StringComparison.Ordinal) && l.Contains("li*", StringComparison.Ordinal) && l.Contains(" 170 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("total", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 506", StringComparison.Ordinal));
        Assert.Contains("weight [16, 20] 100.0", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("randman.yaml", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void DensityCountsNonZeros() => Assert.Equal(0.5, InspectCommand.Density([0f, 1f, -2f, 0f]));

    [Fact]
    public void PlotWritesAReportHoldingEverySvg()
    {
        string report = Path.Combine(run.Directory, "report.html");
        File.Delete(report);
        Assert.Equal(0, PlotCommand.Run(run.Directory, TextWriter.Null));
        string html = File.ReadAllText(report);
        string[] svgs = Directory.GetFiles(run.Directory, "*.svg").Select(Path.GetFileName).ToArray()!;
        Assert.Contains("loss.svg", svgs);
        Assert.Contains("accuracy.svg", svgs);
        Assert.Contains("raster-0-0-cubalif.svg", svgs);
        Assert.Contains("membrane.svg", svgs);
        Assert.Contains("firing-rates.svg", svgs);
        foreach (string svg in svgs)
        {
            string body = File.ReadAllText(Path.Combine(run.Directory, svg));
            int start = body.IndexOf("<svg", StringComparison.Ordinal);
            Assert.Contains(body[start..].Trim(), html, StringComparison.Ordinal);
        }
        Assert.Contains("layer 0:cubalif", File.ReadAllText(Path.Combine(run.Directory, "membrane.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void EvalOfAMissingFolderFailsNamingIt()
    {
        string missing = Path.Combine(Path.GetTempPath(), "dendrite-no-such-run-" + Guid.NewGuid().ToString("N"));
        (int code, string error) = RunMain(["eval", "--checkpoint", missing]);
        Assert.NotEqual(0, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);
    }

    [Fact]
    public void InspectOfAFolderWithoutModelNamesTheFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dendrite-half-run-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.Copy(Path.Combine(run.Directory, RunState.FileName), Path.Combine(folder, RunState.FileName));
            (int code, string error) = RunMain(["inspect", "--checkpoint", folder]);
            Assert.Equal(1, code);
            Assert.Contains("model.safetensors", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Code, string Error) RunMain(string[] args)
    {
        TextWriter saved = Console.Error;
        var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetError(saved);
        }
    }
}
