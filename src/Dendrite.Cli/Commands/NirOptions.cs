using System.CommandLine;
using Dendrite.Interop.Nir;

namespace Dendrite.Cli.Commands;

/// <summary>Options shared by the NIR commands.</summary>
internal static class NirOptions
{
    public static Option<NirConvention> Convention() => new("--convention")
    {
        Description = "How continuous NIR dynamics become steps: SnnTorch (default; Euler with r and w_in) or Norse (LIF ignores r and v_reset).",
        DefaultValueFactory = _ => NirConvention.SnnTorch,
    };
}
