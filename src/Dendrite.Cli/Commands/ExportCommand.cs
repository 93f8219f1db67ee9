using System.CommandLine;
using System.Globalization;
using Dendrite.Interop.Nir;
using Dendrite.Training;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite export --format nir CHECKPOINT OUT.nir [--dt S]</c>: a run's network as a NIR graph.</summary>
public static class ExportCommand
{
    /// <summary>snnTorch's fixed dt; NIR stores none, so τ = dt/(1 − β) depends on it.</summary>
    public const double DefaultDt = 1e-4;

    public static Command Create()
    {
        var checkpoint = new Argument<string>("CHECKPOINT") { Description = "The run folder (state.json, model.safetensors) to export." };
        var output = new Argument<string>("OUT") { Description = "The NIR file to write." };
        var format = new Option<string>("--format") { Description = "The interchange format (only nir).", DefaultValueFactory = _ => "nir" };
        format.AcceptOnlyFromAmong("nir");
        var dt = new Option<double>("--dt") { Description = "Seconds per step used to turn decays into time constants (τ = dt/(1 − β)).", DefaultValueFactory = _ => DefaultDt };
        var plain = new Option<bool>("--no-compression") { Description = "Write contiguous datasets (as nir < 1.0.8) instead of gzip-chunked ones." };
        var force = new Option<bool>("--force") { Description = "Replace OUT if it exists." };
        var command = new Command("export", "Export a run's network as a NIR graph (snnTorch mapping at --dt; see docs/nir.md). " +
            "What NIR cannot express (subtractive reset, delayed reset, surrogate) is written to node metadata and listed.")
        {
            checkpoint, output, format, dt, plain, force,
        };
        command.SetAction(parseResult => CliErrors.Run(() => Run(parseResult.GetValue(checkpoint)!, parseResult.GetValue(output)!,
            parseResult.GetValue(dt), !parseResult.GetValue(plain), parseResult.GetValue(force), Console.Out)));
        return command;
    }

    public static int Run(string runDirectory, string output, double dt, bool gzip, bool force, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        (SpikingNetwork network, _) = CheckpointNetwork.Load(runDirectory);
        NirGraph graph;
        IReadOnlyList<string> notes;
        try
        {
            (graph, notes) = NirExporter.Export(network, dt);
        }
        catch (NotSupportedException error)
        {
            throw new InvalidDataException($"{runDirectory}: {error.Message}", error);
        }
        NirFile.Write(output, graph, force, gzip);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dendrite export: {runDirectory} → {output} ({graph.Nodes.Count} nodes, {graph.Edges.Count} edges, dt = {dt} s)"));
        foreach (string note in notes)
        {
            log.WriteLine($"note: {note}");
        }
        return 0;
    }
}
