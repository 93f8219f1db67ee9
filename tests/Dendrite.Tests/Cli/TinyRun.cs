using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Tests.Cli;

/// <summary>One tiny Randman run (20 → cubalif(16) → li(10), 1 epoch, 160 training samples) shared by the CLI tests.</summary>
public sealed class TinyRun : IDisposable
{
    public static readonly string[] Overrides =
        ["data.randman.samples_per_class=20", "training.epochs=1", "model.layers.0.size=16"];

    public TinyRun()
    {
        Directory = Path.Combine(Path.GetTempPath(), "dendrite-cli-" + Guid.NewGuid().ToString("N"));
        TrainConfig config = ConfigLoader.Load(ConfigPath("randman.yaml"), Overrides);
        var trainer = new Trainer(config, TrainingTask.Open(config), Directory, TextWriter.Null, Progress);
        TestAccuracy = trainer.Run();
    }

    /// <summary>What the trainer reported while training.</summary>
    public RecordingProgress Progress { get; } = new();

    public string Directory { get; }

    public double TestAccuracy { get; }

    public static string ConfigPath(string name)
    {
        for (string? folder = AppContext.BaseDirectory; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            string path = Path.Combine(folder, "configs", name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException($"configs/{name} not found above {AppContext.BaseDirectory}.");
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
