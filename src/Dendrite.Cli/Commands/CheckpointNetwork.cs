using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Cli.Commands;

/// <summary>Loads a run folder's network (config + overrides from state.json, weights from model.safetensors).</summary>
internal static class CheckpointNetwork
{
    /// <summary>
    /// The trained network. When the config states <c>model.input</c> the dataset is not opened (an imported or copied run
    /// folder works without its data); otherwise the dataset tells the input width, as for eval.
    /// </summary>
    public static (SpikingNetwork Network, TrainConfig Config) Load(string runDirectory)
    {
        RunState state = RunState.Read(runDirectory);
        TrainConfig config = ConfigLoader.Load(state.Config, state.Overrides);
        if (config.Model.InputShape is not { Count: > 0 } shape)
        {
            (Trainer trainer, _, TrainConfig opened) = Trainer.OpenRun(runDirectory, TextWriter.Null);
            return (trainer.Network, opened);
        }
        int inputs = shape.Aggregate(1, (p, d) => p * d);
        SpikingNetwork network = NetworkBuilder.Build(config.Model, inputs, new Rng((ulong)config.Training.Seed).Fork("model"), config.Training.Truncation ?? 0);
        Checkpoint.LoadModel(RunCheckpoint.ModelPath(runDirectory, state), network);
        return (network, config);
    }
}
