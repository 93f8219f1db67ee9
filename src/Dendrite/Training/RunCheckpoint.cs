using System.Globalization;
using System.Text.Json;
using Dendrite.Interop;

namespace Dendrite.Training;

/// <summary>
/// Commits a run folder's checkpoint (model.safetensors, optimizer.safetensors, state.json) as one, so that a process
/// killed at any instant leaves a folder that resumes exactly: the previous epoch's three files, or the new epoch's.
/// </summary>
/// <remarks>
/// Each file alone is written atomically, but three files replaced one after another are not: a kill after the model
/// and before state.json would leave the new weights under the old epoch, and the resumed run would train it twice.
/// So the new model and optimizer are first written into a staging folder named after their epoch
/// (<c>.checkpoint-E</c>); rewriting state.json to name E is the commit; the staged files are then moved into place.
/// <see cref="Recover"/> finishes the moves of the committed epoch and deletes any staging folder never committed.
/// </remarks>
public static class RunCheckpoint
{
    private const string StagingPrefix = ".checkpoint-";
    private static readonly string[] s_stagedFiles = [RunState.ModelFile, RunState.OptimizerFile];

    /// <summary>Writes and commits the checkpoint of <paramref name="state"/>'s epoch.</summary>
    /// <param name="writeModel">Writes the model to the path it is given.</param>
    /// <param name="writeOptimizer">Writes the optimizer state to the path it is given.</param>
    public static void Save(string runDirectory, RunState state, Action<string> writeModel, Action<string> writeOptimizer)
    {
        string staging = Stage(runDirectory, state.Epoch, writeModel, writeOptimizer);
        Commit(runDirectory, state);
        Publish(staging, runDirectory);
    }

    /// <summary>
    /// Puts right a folder left by a process killed while checkpointing, and returns its committed state (null when no
    /// epoch was ever committed). Only the process that will write the folder next should call it.
    /// </summary>
    public static RunState? Recover(string runDirectory)
    {
        string statePath = StatePath(runDirectory);
        int? committed = File.Exists(statePath) ? RunState.ReadFile(statePath).Epoch : null;
        foreach (string staging in Directory.GetDirectories(runDirectory, StagingPrefix + "*"))
        {
            if (StagedEpoch(staging) == committed)
            {
                Publish(staging, runDirectory);
            }
            else
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        return committed is null ? null : RunState.Read(runDirectory);
    }

    /// <summary>
    /// The model file of the committed epoch, without changing the folder: the staged one while a killed checkpoint's
    /// moves are unfinished, else model.safetensors.
    /// </summary>
    public static string ModelPath(string runDirectory, RunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string staged = Path.Combine(StagingFolder(runDirectory, state.Epoch), RunState.ModelFile);
        return File.Exists(staged) ? staged : Path.Combine(runDirectory, RunState.ModelFile);
    }

    /// <summary>The first step: the epoch's files written into its staging folder, which is returned.</summary>
    internal static string Stage(string runDirectory, int epoch, Action<string> writeModel, Action<string> writeOptimizer)
    {
        ArgumentNullException.ThrowIfNull(writeModel);
        ArgumentNullException.ThrowIfNull(writeOptimizer);
        string staging = StagingFolder(runDirectory, epoch);
        if (Directory.Exists(staging))
        {
            // An earlier attempt at this epoch that was never committed.
            Directory.Delete(staging, recursive: true);
        }
        Directory.CreateDirectory(staging);
        writeModel(Path.Combine(staging, RunState.ModelFile));
        writeOptimizer(Path.Combine(staging, RunState.OptimizerFile));
        return staging;
    }

    /// <summary>The second step, the commit: state.json names the new epoch.</summary>
    internal static void Commit(string runDirectory, RunState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        AtomicFile.WriteAllText(StatePath(runDirectory), JsonSerializer.Serialize(state), overwrite: true);
    }

    /// <summary>The last step: the staged files moved over the old ones. Repeating it after a kill finishes it.</summary>
    internal static void Publish(string staging, string runDirectory)
    {
        foreach (string name in s_stagedFiles)
        {
            string staged = Path.Combine(staging, name);
            if (File.Exists(staged))
            {
                File.Move(staged, Path.Combine(runDirectory, name), overwrite: true);
            }
        }
        Directory.Delete(staging, recursive: true);
    }

    private static string StatePath(string runDirectory) => Path.Combine(runDirectory, RunState.FileName);

    private static string StagingFolder(string runDirectory, int epoch) =>
        Path.Combine(runDirectory, StagingPrefix + epoch.ToString(CultureInfo.InvariantCulture));

    // The epoch in a staging folder's name; -1 (never committed) for a name that does not parse.
    private static int StagedEpoch(string staging) =>
        int.TryParse(Path.GetFileName(staging).AsSpan(StagingPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int epoch)
            ? epoch
            : -1;
}
