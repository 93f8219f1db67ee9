using Dendrite.Autodiff;
using Dendrite.Interop;
using Dendrite.Learning;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;

namespace Dendrite.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dendrite-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Sequential Model(ulong seed) => new(new Linear(3, 5, new Rng(seed)), new Tanh(), new Linear(5, 2, new Rng(seed + 1)));

    private static void TrainSteps(Sequential model, Optimizer optimizer, int steps)
    {
        Tensor x = TestData.Uniform(100, -1f, 1f, 8, 3);
        int[] labels = [0, 1, 1, 0, 1, 0, 0, 1];
        for (int i = 0; i < steps; i++)
        {
            optimizer.ZeroGrad();
            using var tape = new Tape();
            tape.Backward(Losses.CrossEntropy(model.Forward(x), labels));
            optimizer.Step();
        }
    }

    private static float[] Weights(Module model) => model.Parameters().SelectMany(p => p.Value.ToArray()).ToArray();

    [Theory]
    [InlineData("adam")]
    [InlineData("sgd")]
    public void ResumingFromACheckpointEndsBitIdenticalToAnUninterruptedRun(string kind)
    {
        Optimizer Make(Module m) => kind == "adam" ? new AdamW(m.Parameters(), 0.01f) : new Sgd(m.Parameters(), 0.1f, momentum: 0.9f, dampening: 0.1f);

        Sequential uninterrupted = Model(1);
        TrainSteps(uninterrupted, Make(uninterrupted), 10);

        Sequential first = Model(1);
        Optimizer firstOptimizer = Make(first);
        TrainSteps(first, firstOptimizer, 4);
        string modelPath = Path.Combine(_folder, "model.safetensors");
        string optimizerPath = Path.Combine(_folder, "optimizer.safetensors");
        Checkpoint.SaveModel(modelPath, first, new Dictionary<string, string> { ["epoch"] = "4" });
        Checkpoint.SaveOptimizer(optimizerPath, firstOptimizer, first);

        Sequential resumed = Model(99);
        Optimizer resumedOptimizer = Make(resumed);
        IReadOnlyDictionary<string, string> metadata = Checkpoint.LoadModel(modelPath, resumed);
        Checkpoint.LoadOptimizer(optimizerPath, resumedOptimizer, resumed);
        Assert.Equal("4", metadata["epoch"]);
        Assert.Equal(4, resumedOptimizer.StepCount);
        TrainSteps(resumed, resumedOptimizer, 6);

        Assert.Equal(Weights(uninterrupted), Weights(resumed));
    }

    [Fact]
    public void MissingOrMisShapedTensorsNameTheFileAndTensor()
    {
        string path = Path.Combine(_folder, "small.safetensors");
        Checkpoint.SaveModel(path, new Sequential(new Linear(3, 5, new Rng(1))));

        var bigger = new Sequential(new Linear(3, 6, new Rng(1)));
        var misShaped = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(path, bigger));
        Assert.Contains(path, misShaped.Message);
        Assert.Contains("0.weight", misShaped.Message);

        var deeper = new Sequential(new Linear(3, 5, new Rng(1)), new Linear(5, 2, new Rng(2)));
        var missing = Assert.Throws<CheckpointFormatException>(() => Checkpoint.LoadModel(path, deeper));
        Assert.Contains("1.weight", missing.Message);
    }

    [Fact]
    public void AnExistingFileIsNotOverwrittenWithoutTheFlag()
    {
        string path = Path.Combine(_folder, "keep.safetensors");
        Sequential model = Model(1);
        Checkpoint.SaveModel(path, model);
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => Checkpoint.SaveModel(path, Model(2)));
        Assert.Equal(before, File.ReadAllBytes(path));
        Checkpoint.SaveModel(path, Model(2), overwrite: true);
        Assert.NotEqual(before, File.ReadAllBytes(path));
    }
}
