using Dendrite.Data;
using Dendrite.Data.Synthetic;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>The data side of a run: train and test batches, time-major [T, B, ...], the per-step input shape and the class count.</summary>
public sealed class TrainingTask
{
    private TrainingTask(string description, IReadOnlyList<int> inputShape, int classes, int steps,
        Func<int, IEnumerable<Batch>> train, Func<IEnumerable<Batch>> test, int trainBatches, int trainSamples)
    {
        Description = description;
        InputShape = inputShape;
        Classes = classes;
        Steps = steps;
        TrainEpoch = train;
        Test = test;
        TrainBatches = trainBatches;
        TrainSamples = trainSamples;
    }

    public string Description { get; }

    /// <summary>The per-step input shape: [F] for flat inputs, [C, H, W] for images and event frames.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Input values per step (the product of <see cref="InputShape"/>).</summary>
    public int Features => InputShape.Aggregate(1, (a, b) => a * b);

    public int Classes { get; }

    public int Steps { get; }

    /// <summary>The shuffled training batches of an epoch; the same epoch index gives the same batches.</summary>
    public Func<int, IEnumerable<Batch>> TrainEpoch { get; }

    public Func<IEnumerable<Batch>> Test { get; }

    public int TrainBatches { get; }

    public int TrainSamples { get; }

    /// <summary>Opens the dataset a config names.</summary>
    /// <exception cref="ConfigException">The encoder or an option does not fit the dataset.</exception>
    /// <exception cref="DatasetNotFoundException">The dataset's files are not where the config or the cache says; the message lists where it looked.</exception>
    public static TrainingTask Open(TrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Data.Dataset switch
        {
            DatasetKind.FashionMnist or DatasetKind.Mnist => ImageTasks.Static(config),
            DatasetKind.SequentialFashionMnist => ImageTasks.Sequential(config),
            DatasetKind.Shd or DatasetKind.Ssc => AudioTasks.Open(config),
            DatasetKind.Nmnist or DatasetKind.DvsGesture => EventTasks.Open(config),
            DatasetKind.Randman => Randman(config),
            _ => throw new ConfigException([$"{config.SourcePath}: data.dataset: {config.Data.Dataset} is not yet supported by the trainer."]),
        };
    }

    /// <summary>A task over a training and a test set, batched by <paramref name="collate"/> (the test set by
    /// <paramref name="testCollate"/> when given: no augmentation) with the run's batch sizes and seed.</summary>
    internal static TrainingTask FromLoaders<T>(string description, IReadOnlyList<int> inputShape, int classes, int steps, TrainConfig config,
        IDataset<T> train, IDataset<T> test, Func<IReadOnlyList<T>, Rng, Batch> collate, Func<IReadOnlyList<T>, Rng, Batch>? testCollate = null)
    {
        ulong seed = (ulong)config.Training.Seed;
        var trainLoader = new DataLoader<T>(train, collate, new DataLoaderOptions { BatchSize = config.Training.BatchSize, Seed = seed, Shuffle = config.Data.Shuffle });
        var testLoader = new DataLoader<T>(test, testCollate ?? collate, new DataLoaderOptions
        {
            BatchSize = config.Training.EvalBatchSize ?? config.Training.BatchSize,
            Seed = seed + 1,
            Shuffle = false,
        });
        return new TrainingTask(description, inputShape, classes, steps, epoch => trainLoader.Epoch(epoch), () => testLoader.Epoch(0),
            trainLoader.BatchCount, train.Count);
    }

    /// <summary>The first <paramref name="max"/> samples (data.max_samples), or all of them.</summary>
    internal static IDataset<T> Limit<T>(IDataset<T> dataset, int? max) =>
        max is int n && n < dataset.Count ? new Subset<T>(dataset, 0, n) : dataset;

    // Zenke & Vogels' random manifolds, generated from the task's own seed; the last test_fraction is held out.
    private static TrainingTask Randman(TrainConfig config)
    {
        RandmanConfig randman = config.Data.Randman!;
        int steps = config.Data.Steps ?? 100;
        var dataset = new RandmanDataset(new RandmanOptions
        {
            Classes = randman.Classes,
            Units = randman.Units,
            Steps = steps,
            ManifoldDimensions = randman.Dim,
            SamplesPerClass = randman.SamplesPerClass,
            Alpha = randman.Alpha,
            Seed = (ulong)randman.Seed,
        });
        int testCount = (int)Math.Round(dataset.Count * randman.TestFraction);
        var train = new Subset<Labeled<Tensor>>(dataset, 0, dataset.Count - testCount);
        var test = new Subset<Labeled<Tensor>>(dataset, dataset.Count - testCount, testCount);
        return FromLoaders($"Randman ({randman.Classes} classes, {randman.Units} units, {train.Count} training samples), T = {steps}",
            [randman.Units], randman.Classes, steps, config, train, test, (samples, _) => Collate.TimeMajor(samples, steps));
    }

    /// <summary>Samples [start, start + count) of a dataset (a held-out split, or max_samples for smoke runs).</summary>
    private sealed class Subset<T>(IDataset<T> dataset, int start, int count) : IDataset<T>
    {
        public int Count => count;

        public T Get(int index) => (uint)index < (uint)count ? dataset.Get(start + index) : throw new ArgumentOutOfRangeException(nameof(index));
    }
}
