using Dendrite.Interop;
using Dendrite.Learning.Pruning;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Tests.Data;
using Dendrite.Training;

namespace Dendrite.Tests.Training;

/// <summary>Pruning masks travel in the model's safetensors file and come back exactly.</summary>
public class PruningCheckpointTests
{
    private static Sequential Model(ulong seed) => new(new Linear(6, 5, new Rng(seed)), new Relu(), new Linear(5, 3, new Rng(seed + 1)));

    [Fact]
    public void MasksRoundTripThroughTheModelFile()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "model.safetensors");
        Sequential model = Model(1);
        Pruner pruner = Pruner.ForWeights(model);
        pruner.PruneGlobal(0.6);
        Checkpoint.SaveModel(path, model, pruner);

        SafetensorsFile file = SafetensorsFile.Load(path);
        Assert.True(file.TryGetEntry("mask.0.weight", out _));
        Assert.True(file.TryGetEntry("mask.2.weight", out _));

        Sequential restored = Model(99);
        Pruner restoredPruner = Pruner.ForWeights(restored);
        Checkpoint.LoadModel(path, restored, restoredPruner);
        for (int i = 0; i < pruner.Masks.Count; i++)
        {
            Assert.Equal(pruner.Masks[i].Mask.ToArray(), restoredPruner.Masks[i].Mask.ToArray());
        }
        Assert.Equal(model.Parameters().SelectMany(p => p.Value.ToArray()), restored.Parameters().SelectMany(p => p.Value.ToArray()));
        Assert.Equal(pruner.RemainingCount, restoredPruner.RemainingCount);
        Assert.InRange(restoredPruner.Density, 0.39, 0.41);

        // A plain load ignores the masks; a masked load of a file without masks names the missing one.
        Checkpoint.LoadModel(path, Model(5));
        string plain = Path.Combine(folder.Path, "plain.safetensors");
        Checkpoint.SaveModel(plain, model);
        var missing = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(plain, Model(7), Pruner.ForWeights(Model(7))));
        Assert.Contains("mask.0.weight", missing.Message);
    }

    [Fact]
    public void AMaskThatIsNotZeroOrOneIsRejectedAndNothingChanges()
    {
        using var folder = new TempDirectory();
        string path = Path.Combine(folder.Path, "bad.safetensors");
        Sequential model = Model(1);
        var writer = new SafetensorsWriter();
        foreach ((string name, Tensor tensor) in model.StateTensors())
        {
            writer.Add(name, tensor);
        }
        var badMask = Tensor.Ones(5, 6);
        badMask.Span[7] = 0.5f;
        writer.Add("mask.0.weight", badMask);
        writer.Add("mask.2.weight", Tensor.Ones(3, 5));
        writer.Save(path, overwrite: false);

        Sequential target = Model(42);
        float[] before = target.Parameters().SelectMany(p => p.Value.ToArray()).ToArray();
        var error = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(path, target, Pruner.ForWeights(target)));
        Assert.Contains("mask.0.weight", error.Message);
        Assert.Contains("element 7", error.Message);
        Assert.Equal(before, target.Parameters().SelectMany(p => p.Value.ToArray()));
    }
}
