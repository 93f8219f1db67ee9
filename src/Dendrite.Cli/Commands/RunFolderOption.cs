using System.CommandLine;

namespace Dendrite.Cli.Commands;

/// <summary>The required <c>--checkpoint DIR</c> option shared by eval and inspect.</summary>
internal static class RunFolderOption
{
    public static Option<string> Create(string description) => new("--checkpoint")
    {
        Description = description,
        Required = true,
        HelpName = "DIR",
    };
}
