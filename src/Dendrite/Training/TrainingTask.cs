using Dendrite.Data;
using Dendrite.Data.Synthetic;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>The data side of a run: train and test batches, time-major [T, B, features], and the class count.</summary>
public sealed class TrainingTask
{
    private TrainingTask(string description, int features, int classes, int steps,
        Func<int, IEnumerable<Batch>> train, Func<IEnumerable<Batch>> test, int trainBatches, int trainSamples)
    {
        Description = description;
        Features = features;
        Classes = classes;
        Steps = steps;
        TrainEpoch = train;
        Test = test;
        TrainBatches = trainBatches;
        TrainSamples = trainSamples;
    }

    public string Description { get; }

    public int Features { get; }

    public int Classes { get; }

    public int Steps { get; }

    /// <summary>The shuffled training batches of an epoch; the same epoch index gives the same batches.</summary>
    public Func<int, IEnumerable<Batch>> TrainEpoch { get; }

    public Func<IEnumerable<Batch>> Test { get; }

    public int TrainBatches { get; }

    public int TrainSamples { get; }

    /// <summary>Opens the dataset a config names.</summary>
    /// <exception cref="ConfigException">The dataset or encoder is not yet supported by the trainer.</exception>
    public static TrainingTask Open(TrainConfig config)
    {
        DataConfig data = config.Data;
        return data.Dataset switch
        {
            DatasetKind.FashionMnist or DatasetKind.Mnist => Images(config),
            DatasetKind.Randman => Randman(config),
            _ => throw new ConfigException([$"{config.SourcePath}: data.dataset: {data.Dataset} is not yet supported by the trainer (fashion-mnist and mnist are)."]),
        };
    }

    // Static images, rate coded: at each of T steps a pixel spikes with probability gain·intensity (Bernoulli).
    private static TrainingTask Images(TrainConfig config)
    {
        DataConfig data = config.Data;
        if (data.Encoder != EncoderKind.Rate)
        {
            throw new ConfigException([$"{config.SourcePath}: data.encoder: {data.Encoder} is not yet supported by the trainer for images (rate is)."]);
        }
        ImageDatasetKind kind = data.Dataset == DatasetKind.Mnist ? ImageDatasetKind.Mnist : ImageDatasetKind.FashionMnist;
        var options = data.Path is null ? null : new DatasetOptions(Path: data.Path);
        IDataset<Labeled<Tensor>> full = ImageDataset.Load(kind, DatasetSplit.Train, options);
        IDataset<Labeled<Tensor>> train = data.MaxSamples is int max && max < full.Count ? new Subset(full, 0, max) : full;
        ImageDataset test = ImageDataset.Load(kind, DatasetSplit.Test, options);
        int steps = data.Steps ?? 25;
        ImageDataset images = (ImageDataset)full;
        int features = images.Height * images.Width;
        float gain = (float)data.Gain;
        ulong seed = (ulong)config.Training.Seed;
        int evalBatch = config.Training.EvalBatchSize ?? config.Training.BatchSize;
        Batch Collate(IReadOnlyList<Labeled<Tensor>> samples, Rng rng) => RateCode(samples, steps, gain, rng);
        var trainLoader = new DataLoader<Labeled<Tensor>>(train, Collate, new DataLoaderOptions { BatchSize = config.Training.BatchSize, Seed = seed, Shuffle = data.Shuffle });
        var testLoader = new DataLoader<Labeled<Tensor>>(test, Collate, new DataLoaderOptions { BatchSize = evalBatch, Seed = seed + 1, Shuffle = false });
        return new TrainingTask($"{images.Name} ({train.Count} samples), rate coded, T = {steps}", features, images.Classes, steps,
            epoch => trainLoader.Epoch(epoch), () => testLoader.Epoch(0), trainLoader.BatchCount, train.Count);
    }

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
        var train = new Subset(dataset, 0, dataset.Count - testCount);
        var test = new Subset(dataset, dataset.Count - testCount, testCount);
        ulong seed = (ulong)config.Training.Seed;
        Batch Collate(IReadOnlyList<Labeled<Tensor>> samples, Rng rng) => Data.Collate.TimeMajor(samples, steps);
        var trainLoader = new DataLoader<Labeled<Tensor>>(train, Collate, new DataLoaderOptions { BatchSize = config.Training.BatchSize, Seed = seed, Shuffle = config.Data.Shuffle });
        var testLoader = new DataLoader<Labeled<Tensor>>(test, Collate, new DataLoaderOptions { BatchSize = config.Training.EvalBatchSize ?? config.Training.BatchSize, Shuffle = false });
        return new TrainingTask($"Randman ({randman.Classes} classes, {randman.Units} units, {train.Count} training samples), T = {steps}",
            randman.Units, randman.Classes, steps, epoch => trainLoader.Epoch(epoch), () => testLoader.Epoch(0), trainLoader.BatchCount, train.Count);
    }

    private static Batch RateCode(IReadOnlyList<Labeled<Tensor>> samples, int steps, float gain, Rng rng)
    {
        int batch = samples.Count;
        int features = samples[0].Value.Length;
        var probability = new float[batch * features];
        var labels = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            Span<float> row = probability.AsSpan(b * features, features);
            samples[b].Value.Span.CopyTo(row);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, gain, row);
            labels[b] = samples[b].Label;
        }
        var inputs = new Tensor(steps, batch, features);
        for (int t = 0; t < steps; t++)
        {
            rng.FillBernoulli(inputs[t].Span, probability);
        }
        return new Batch(inputs, labels);
    }

    /// <summary>Samples [start, start + count) of a dataset (a held-out split, or max_samples for smoke runs).</summary>
    private sealed class Subset(IDataset<Labeled<Tensor>> dataset, int start, int count) : IDataset<Labeled<Tensor>>
    {
        public int Count => count;

        public Labeled<Tensor> Get(int index) => (uint)index < (uint)count ? dataset.Get(start + index) : throw new ArgumentOutOfRangeException(nameof(index));
    }
}
