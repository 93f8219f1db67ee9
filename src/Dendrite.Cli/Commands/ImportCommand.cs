using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dendrite.Interop;
using Dendrite.Interop.Nir;
using Dendrite.Training;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite import IN.nir --dt S --out DIR</c>: a NIR graph as a run folder (config.yaml, model.safetensors, state.json).</summary>
public static class ImportCommand
{
    public const string ConfigFile = "config.yaml";

    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "The NIR file to import." };
        var dt = new Option<double>("--dt") { Description = "Seconds per step (NIR stores none): β = 1 − dt/τ.", Required = true };
        var output = new Option<string>("--out") { Description = "The run folder to create.", Required = true, HelpName = "DIR" };
        var convention = NirOptions.Convention();
        var force = new Option<bool>("--force") { Description = "Replace the run folder's files if they exist." };
        var command = new Command("import", "Import a NIR graph (a dense chain of Affine/Linear and LIF/IF/LI/CubaLIF nodes, recurrence allowed) " +
            "as a run folder that eval, inspect, export and run accept. Mapping and its limits: docs/nir.md.")
        {
            input, dt, output, convention, force,
        };
        command.SetAction(parseResult => CliErrors.Run(() => Run(parseResult.GetValue(input)!, parseResult.GetValue(dt), parseResult.GetValue(output)!,
            parseResult.GetValue(convention), parseResult.GetValue(force), Console.Out)));
        return command;
    }

    public static int Run(string input, double dt, string runDirectory, NirConvention convention, bool force, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        NirGraph graph = NirFile.Read(input);
        string name = Path.GetFileNameWithoutExtension(input);
        NirImport imported = NirImporter.Import(graph, dt, convention, input, name);
        Directory.CreateDirectory(runDirectory);
        string config = Path.GetFullPath(Path.Combine(runDirectory, ConfigFile));
        foreach (string file in new[] { ConfigFile, RunState.ModelFile, RunState.FileName })
        {
            if (!force && File.Exists(Path.Combine(runDirectory, file)))
            {
                throw new IOException($"'{Path.Combine(runDirectory, file)}' already exists; pass --force to replace it.");
            }
        }
        AtomicFile.WriteAllText(config, imported.ConfigYaml, force);
        Checkpoint.SaveModel(Path.Combine(runDirectory, RunState.ModelFile), imported.Network,
            new Dictionary<string, string> { ["source"] = Path.GetFullPath(input), ["dt"] = dt.ToString("R", CultureInfo.InvariantCulture), ["convention"] = convention.ToString() }, force);
        AtomicFile.WriteAllText(Path.Combine(runDirectory, RunState.FileName), JsonSerializer.Serialize(new RunState(0, config)), force);
        log.WriteLine($"dendrite import: {input} → {runDirectory} ({imported.Network})");
        foreach (string note in imported.Notes)
        {
            log.WriteLine($"note: {note}");
        }
        return 0;
    }
}
