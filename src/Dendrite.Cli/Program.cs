using System.CommandLine;

namespace Dendrite.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Dendrite: spiking and activity-sparse neural networks on the CPU.");
        root.Subcommands.Add(Commands.TrainCommand.Create());
        root.Subcommands.Add(Commands.EvalCommand.Create());
        root.Subcommands.Add(Commands.InspectCommand.Create());
        root.Subcommands.Add(Commands.PlotCommand.Create());
        root.Subcommands.Add(Commands.BenchCommand.Create());
        root.Subcommands.Add(Commands.ExportCommand.Create());
        root.Subcommands.Add(Commands.ImportCommand.Create());
        root.Subcommands.Add(Commands.RunCommand.Create());
        // Ctrl-C cancels the token (only asynchronous invocation hooks it); training stops after the current batch,
        // so give it time to say where it stopped.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
        return root.Parse(args).InvokeAsync(configuration).GetAwaiter().GetResult();
    }
}
