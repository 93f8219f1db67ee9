using Dendrite.Interop;
using Dendrite.Training;
using Dendrite.Training.Config;
using Dendrite.Tests.Data;
using Xunit;

namespace Dendrite.Tests.Cli;

/// <summary>
/// A run with dropout, stopped after epoch 1 and resumed, ends bit-identical to an uninterrupted run: the dropout layer's
/// random stream is checkpointed, so the resumed epoch draws the masks the uninterrupted one drew (a fresh stream would
/// repeat epoch 1's masks).
/// </summary>
public sealed class DropoutResumeTests : IDisposable
{
    private const string Yaml = """
        model:
          input: 20
          readout: max_membrane
          layers:
            - {type: cubalif, size: 16}
            - {type: dropout, p: 0.3}
            - {type: li, size: 10}
        data:
          dataset: randman
          steps: 20
          randman: {classes: 10, units: 20, samples_per_class: 8}
        training: {epochs: 2, batch_size: 16}
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private void Train(string run, int epochs)
    {
        TrainConfig config = ConfigLoader.Parse(Yaml, "dropout.yaml", _dir.Path, [$"training.epochs={epochs}"]);
        new Trainer(config, TrainingTask.Open(config), run, TextWriter.Null).Run();
    }

    private static float[] Weights(string run)
    {
        SafetensorsFile file = SafetensorsFile.Load(Path.Combine(run, "model.safetensors"));
        return file.Entries.OrderBy(e => e.Name, StringComparer.Ordinal).SelectMany(e => e.ToTensor().ToArray()).ToArray();
    }

    [Fact]
    public void ResumedRunWithDropoutEndsBitIdenticalToAnUninterruptedOne()
    {
        string whole = _dir.File("whole");
        Train(whole, 2);
        string resumed = _dir.File("resumed");
        Train(resumed, 1);
        Assert.Contains("dropout.1", SafetensorsFile.Load(Path.Combine(resumed, "model.safetensors")).Metadata.Keys);
        Train(resumed, 2);

        Assert.Equal(Weights(whole), Weights(resumed));
    }
}
