using System.CommandLine;
using Dendrite.Training;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite plot DIR</c>: a run folder's SVG figures and report.html.</summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("DIR")
        {
            Description = "The run folder (from dendrite train): reads metrics.jsonl and the last checkpoint, writes the figures there.",
        };
        var command = new Command("plot", "Write loss and accuracy curves, a spike raster per spiking layer, the output layer's trace " +
            "and a firing-rate histogram (one test sample) as SVG, and report.html, into the run folder.")
        {
            folder,
        };
        command.SetAction(parseResult => CliErrors.Run(() => Run(parseResult.GetValue(folder)!, Console.Out)));
        return command;
    }

    public static int Run(string runDirectory, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        (Trainer trainer, _, _) = Trainer.OpenRun(runDirectory, TextWriter.Null);
        foreach (string path in trainer.WriteReport())
        {
            output.WriteLine(path);
        }
        return 0;
    }
}
