using System.CommandLine;
using System.Globalization;
using Dendrite.Nn;
using Dendrite.Training;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite inspect --checkpoint DIR</c>: layers, neuron types, parameter counts and connectivity density.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var checkpoint = RunFolderOption.Create("The run folder to describe (holds state.json and model.safetensors from dendrite train).");
        var command = new Command("inspect", "Summarise a run's model: layers, neuron types, parameters per layer and in total, " +
            "the fraction of non-zero weights per weight tensor, and the config it was built from.")
        {
            checkpoint,
        };
        command.SetAction(parseResult => CliErrors.Run(() => Run(parseResult.GetValue(checkpoint)!, Console.Out)));
        return command;
    }

    public static int Run(string runDirectory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        (Trainer trainer, RunState state, _) = Trainer.OpenRun(runDirectory, TextWriter.Null);
        SpikingNetwork network = trainer.Network;
        output.WriteLine($"dendrite inspect: {runDirectory}");
        output.WriteLine($"config: {state.Config}{(state.Overrides is { Count: > 0 } o ? " with --set " + string.Join(" --set ", o) : "")}");
        output.WriteLine($"epoch: {state.Epoch}");
        output.WriteLine();
        output.WriteLine($"{"layer",-6} {"type",-10} {"module",-22} {"width",6} {"parameters",11}  tensors (shape, non-zero fraction)");
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Module layer = network.Layers[i];
            NetworkLayerInfo info = network.Info[i];
            var parameters = layer.NamedParameters().ToList();
            long count = parameters.Sum(p => (long)p.Parameter.Value.Length);
            string tensors = string.Join(", ", parameters.Select(p => $"{p.Name} {p.Parameter.Shape} {Density(p.Parameter.Value.Span):P1}"));
            output.WriteLine($"{i,-6} {info.Name + (info.Spiking ? "" : "*"),-10} {layer.GetType().Name,-22} {info.Width,6} {count,11:N0}  {tensors}");
        }
        output.WriteLine($"{"total",-6} {"",-10} {"",-22} {"",6} {network.ParameterCount(),11:N0}");
        output.WriteLine("* non-spiking layer");
        return 0;
    }

    /// <summary>The fraction of non-zero entries.</summary>
    public static double Density(ReadOnlySpan<float> values)
    {
        int nonZero = 0;
        foreach (float v in values)
        {
            nonZero += v != 0f ? 1 : 0;
        }
        return values.Length == 0 ? 0 : nonZero / (double)values.Length;
    }
}
