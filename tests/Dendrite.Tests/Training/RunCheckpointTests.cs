using Dendrite.Training;

namespace Dendrite.Tests.Training;

/// <summary>
/// A checkpoint interrupted at each point between its steps leaves a folder whose model, optimizer and state.json
/// all belong to one epoch once recovered: the previous one before the commit, the new one from the commit on.
/// </summary>
public sealed class RunCheckpointTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("dendrite-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_run, recursive: true);

    public enum KilledAt
    {
        WhileStaging,
        BeforeCommit,
        AfterCommit,
        AfterMovingTheModel,
        NotKilled,
    }

    [Theory]
    [InlineData(KilledAt.WhileStaging, 1)]
    [InlineData(KilledAt.BeforeCommit, 1)]
    [InlineData(KilledAt.AfterCommit, 2)]
    [InlineData(KilledAt.AfterMovingTheModel, 2)]
    [InlineData(KilledAt.NotKilled, 2)]
    public void RecoveredFolderHoldsOneEpochsFiles(KilledAt killedAt, int expectedEpoch)
    {
        RunCheckpoint.Save(_run, State(1), Writer("model 1"), Writer("optimizer 1"));
        SaveEpochTwoUntil(killedAt);

        // Readers see the committed model before any recovery, and leave the folder as it is.
        string[] before = Entries();
        RunState read = RunState.Read(_run);
        Assert.Equal(expectedEpoch, read.Epoch);
        Assert.Equal($"model {expectedEpoch}", File.ReadAllText(RunCheckpoint.ModelPath(_run, read)));
        Assert.Equal(before, Entries());

        RunState? recovered = RunCheckpoint.Recover(_run);
        Assert.Equal(expectedEpoch, recovered?.Epoch);
        Assert.Equal($"model {expectedEpoch}", File.ReadAllText(Path.Combine(_run, RunState.ModelFile)));
        Assert.Equal($"optimizer {expectedEpoch}", File.ReadAllText(Path.Combine(_run, RunState.OptimizerFile)));
        Assert.Equal([RunState.ModelFile, RunState.OptimizerFile, RunState.FileName], Entries());
    }

    [Fact]
    public void ARelativeRunFolderIsReadAndRecovered()
    {
        // Below the working directory, so the relative path has no ".." that could hide a path joined twice.
        string relative = $"dendrite-checkpoint-{Guid.NewGuid():N}";
        Directory.CreateDirectory(relative);
        try
        {
            RunCheckpoint.Save(relative, State(1), Writer("model 1"), Writer("optimizer 1"));
            string staging = RunCheckpoint.Stage(relative, 2, Writer("model 2"), Writer("optimizer 2"));
            RunCheckpoint.Commit(relative, State(2));
            Assert.Equal("model 2", File.ReadAllText(RunCheckpoint.ModelPath(relative, RunState.Read(relative))));
            Assert.Equal(2, RunCheckpoint.Recover(relative)?.Epoch);
            Assert.False(Directory.Exists(staging));
            Assert.Equal("model 2", File.ReadAllText(RunCheckpoint.ModelPath(relative, RunState.Read(relative))));
        }
        finally
        {
            Directory.Delete(relative, recursive: true);
        }
    }

    [Theory]
    [InlineData(RunState.FileName)]
    [InlineData(RunState.ModelFile)]
    public void AMissingFileIsNamed(string missing)
    {
        RunCheckpoint.Save(_run, State(1), Writer("model 1"), Writer("optimizer 1"));
        File.Delete(Path.Combine(_run, missing));
        var error = Assert.Throws<FileNotFoundException>(() => RunState.Read(_run));
        Assert.Contains($"{missing} is missing", error.Message);
        Assert.Equal(Path.Combine(_run, missing), error.FileName);
    }

    [Fact]
    public void AFirstCheckpointNeverCommittedIsDeleted()
    {
        RunCheckpoint.Stage(_run, 1, Writer("model 1"), Writer("optimizer 1"));
        Assert.Null(RunCheckpoint.Recover(_run));
        Assert.Empty(Entries());
    }

    [Fact]
    public void AFirstCheckpointCommittedButNotMovedIsReadableAndRecovered()
    {
        string staging = RunCheckpoint.Stage(_run, 1, Writer("model 1"), Writer("optimizer 1"));
        RunCheckpoint.Commit(_run, State(1));
        Assert.Equal("model 1", File.ReadAllText(RunCheckpoint.ModelPath(_run, RunState.Read(_run))));
        Assert.Equal(1, RunCheckpoint.Recover(_run)?.Epoch);
        Assert.False(Directory.Exists(staging));
        Assert.Equal("optimizer 1", File.ReadAllText(Path.Combine(_run, RunState.OptimizerFile)));
    }

    [Fact]
    public void SavingAgainAfterAnUncommittedAttemptReplacesIt()
    {
        RunCheckpoint.Save(_run, State(1), Writer("model 1"), Writer("optimizer 1"));
        Assert.Throws<IOException>(() => RunCheckpoint.Stage(_run, 2, Writer("stale model 2"), _ => throw new IOException("killed")));
        RunCheckpoint.Save(_run, State(2), Writer("model 2"), Writer("optimizer 2"));
        Assert.Equal("model 2", File.ReadAllText(Path.Combine(_run, RunState.ModelFile)));
        Assert.Equal("optimizer 2", File.ReadAllText(Path.Combine(_run, RunState.OptimizerFile)));
        Assert.Equal([RunState.ModelFile, RunState.OptimizerFile, RunState.FileName], Entries());
    }

    // The steps of RunCheckpoint.Save for epoch 2, stopped where a kill would stop them.
    private void SaveEpochTwoUntil(KilledAt killedAt)
    {
        if (killedAt == KilledAt.WhileStaging)
        {
            Assert.Throws<IOException>(() => RunCheckpoint.Stage(_run, 2, Writer("model 2"), _ => throw new IOException("killed")));
            return;
        }
        string staging = RunCheckpoint.Stage(_run, 2, Writer("model 2"), Writer("optimizer 2"));
        if (killedAt == KilledAt.BeforeCommit)
        {
            return;
        }
        RunCheckpoint.Commit(_run, State(2));
        if (killedAt == KilledAt.AfterMovingTheModel)
        {
            File.Move(Path.Combine(staging, RunState.ModelFile), Path.Combine(_run, RunState.ModelFile), overwrite: true);
        }
        else if (killedAt == KilledAt.NotKilled)
        {
            RunCheckpoint.Publish(staging, _run);
        }
    }

    private static RunState State(int epoch) => new(epoch, "config.yaml");

    private static Action<string> Writer(string content) => path => File.WriteAllText(path, content);

    // The folder's files and folders (staging ones included), sorted.
    private string[] Entries() =>
        Directory.EnumerateFileSystemEntries(_run).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
}
