using System.CommandLine;
using System.Text.Json;
using Dendrite.Training;
using Dendrite.Training.Metrics;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite eval --checkpoint DIR [--json]</c>: test accuracy, loss and activity of a run's last checkpoint.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = RunFolderOption.Create("The run folder to evaluate (holds state.json and model.safetensors from dendrite train).");
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON object (checkpoint, epoch, accuracy, loss, activity) instead of the text report.",
        };
        var command = new Command("eval", "Evaluate a run's last checkpoint on the test split: accuracy, loss and the activity report " +
            "(firing rate, spikes/neuron/step, silent fraction, SynOps, dense MACs, energy SNN vs ANN at 0.9/4.6 pJ).")
        {
            checkpoint, json,
        };
        command.SetAction(parseResult => CliErrors.Run(() => Run(parseResult.GetValue(checkpoint)!, parseResult.GetValue(json), Console.Out)));
        return command;
    }

    public static int Run(string runDirectory, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        (Trainer trainer, RunState state, _) = Trainer.OpenRun(runDirectory, TextWriter.Null);
        (double loss, double accuracy, ActivityReport activity) = trainer.Evaluate();
        if (json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("checkpoint", runDirectory);
                writer.WriteNumber("epoch", state.Epoch);
                writer.WriteNumber("accuracy", accuracy);
                writer.WriteNumber("loss", loss);
                writer.WritePropertyName("activity");
                activity.WriteTo(writer);
                writer.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return 0;
        }
        output.WriteLine($"dendrite eval: {runDirectory} (epoch {state.Epoch}, config {state.Config})");
        output.WriteLine($"test accuracy {accuracy:P2}, test loss {loss:F4}");
        output.WriteLine();
        output.Write(activity.ToTable());
        return 0;
    }
}
