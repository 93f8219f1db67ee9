using System.Text.Json;

namespace Dendrite.Training;

/// <summary>
/// A run folder's <c>state.json</c>: the last checkpointed epoch, the config file and the <c>--set</c> overrides
/// it was started with, so eval, inspect, plot and resume rebuild the same network.
/// </summary>
public sealed record RunState(int Epoch, string Config, IReadOnlyList<string>? Overrides = null)
{
    public const string FileName = "state.json";
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";

    /// <summary>Reads the state of the run in <paramref name="runDirectory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">state.json or model.safetensors is missing; the message names it.</exception>
    public static RunState Read(string runDirectory)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        if (!Directory.Exists(runDirectory))
        {
            throw new DirectoryNotFoundException($"The run folder '{runDirectory}' does not exist.");
        }
        RunState state = ReadFile(Existing(runDirectory, Path.Combine(runDirectory, FileName)));
        Existing(runDirectory, RunCheckpoint.ModelPath(runDirectory, state));
        return state;
    }

    private static string Existing(string runDirectory, string path) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException($"'{runDirectory}' holds no checkpoint: {Path.GetFileName(path)} is missing.", path);

    /// <summary>Reads a state.json file.</summary>
    /// <exception cref="InvalidDataException">The file is not a run state; the message names it.</exception>
    internal static RunState ReadFile(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty run state.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path}: not a run state: {error.Message}");
        }
    }
}
