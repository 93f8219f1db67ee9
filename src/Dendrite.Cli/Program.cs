using System.CommandLine;

namespace Dendrite.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Dendrite: spiking and activity-sparse neural networks on the CPU.");
        root.Subcommands.Add(Commands.BenchCommand.Create());
        return root.Parse(args).Invoke();
    }
}
