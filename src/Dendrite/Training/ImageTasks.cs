using Dendrite.Data;
using Dendrite.Data.Synthetic;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>Static-image tasks (Fashion-MNIST, MNIST): rate coded or direct input, and the pixel-by-pixel sequential form.</summary>
internal static class ImageTasks
{
    // Rate coding: at each of T steps a pixel spikes with probability gain·intensity (Bernoulli).
    // Direct input (encoder none): the intensities themselves drive the first layer at every step (SpikingJelly's conv SNNs).
    public static TrainingTask Static(TrainConfig config)
    {
        DataConfig data = config.Data;
        if (data.Encoder is not (EncoderKind.Rate or EncoderKind.None))
        {
            throw new ConfigException([$"{config.SourcePath}: data.encoder: {data.Encoder} is not yet supported by the trainer for images (rate and none are)."]);
        }
        (IDataset<Labeled<Tensor>> train, ImageDataset test, ImageDataset images) = Load(config);
        int steps = data.Steps ?? 25;
        float gain = (float)data.Gain;
        bool direct = data.Encoder == EncoderKind.None;
        var augmentation = new ImageAugmentation(1, images.Height, images.Width, data.Augmentation.RandomCropPadding, data.Augmentation.HorizontalFlip);
        Batch Collate(IReadOnlyList<Labeled<Tensor>> samples, Rng rng) => direct ? Repeat(samples, steps) : RateCode(samples, steps, gain, rng);
        // Training batches are augmented from their own fork of the batch stream, so the rate code's draws do not move.
        Batch AugmentThenCollate(IReadOnlyList<Labeled<Tensor>> samples, Rng rng) =>
            Collate(augmentation.IsIdentity ? samples : Augment(samples, augmentation, rng.Fork("augment")), rng);
        string coding = direct ? "direct input" : "rate coded";
        return TrainingTask.FromLoaders($"{images.Name} ({train.Count} samples), {coding}, T = {steps}{Describe(augmentation)}",
            [1, images.Height, images.Width], images.Classes, steps, config, train, test, AugmentThenCollate, Collate);
    }

    // One pixel per step in row-major order: [784, 1] sequences (sequential (Fashion-)MNIST).
    public static TrainingTask Sequential(TrainConfig config)
    {
        if (config.Data.Encoder != EncoderKind.None)
        {
            throw new ConfigException([$"{config.SourcePath}: data.encoder: sequential-fashion-mnist takes no encoder (none); the pixel intensity is the input."]);
        }
        RejectAugmentation(config);
        (IDataset<Labeled<Tensor>> train, ImageDataset test, ImageDataset images) = Load(config);
        int steps = images.Height * images.Width;
        if (config.Data.Steps is int given && given != steps)
        {
            throw new ConfigException([$"{config.SourcePath}: data.steps: sequential-fashion-mnist has {steps} steps (one per pixel); found {given}."]);
        }
        return TrainingTask.FromLoaders($"sequential {images.Name} ({train.Count} samples), one pixel per step, T = {steps}", [1],
            images.Classes, steps, config, new SequentialImages(train, SequenceOrder.PixelWise), new SequentialImages(test, SequenceOrder.PixelWise),
            (samples, _) => Data.Collate.TimeMajor(samples, steps));
    }

    private static (IDataset<Labeled<Tensor>> Train, ImageDataset Test, ImageDataset Full) Load(TrainConfig config)
    {
        DataConfig data = config.Data;
        ImageDatasetKind kind = data.Dataset == DatasetKind.Mnist ? ImageDatasetKind.Mnist : ImageDatasetKind.FashionMnist;
        var options = data.Path is null ? null : new DatasetOptions(Path: data.Path);
        ImageDataset full = ImageDataset.Load(kind, DatasetSplit.Train, options);
        ImageDataset test = ImageDataset.Load(kind, DatasetSplit.Test, options);
        return (TrainingTask.Limit(full, data.MaxSamples), test, full);
    }

    // Sequential images are read pixel by pixel; cropping or mirroring them is not a transform the literature uses,
    // and a silent no-op would misreport the recipe.
    private static void RejectAugmentation(TrainConfig config)
    {
        AugmentationConfig augmentation = config.Data.Augmentation;
        if (augmentation.RandomCropPadding != 0 || augmentation.HorizontalFlip)
        {
            throw new ConfigException([$"{config.SourcePath}: data.augmentation: random_crop_padding and horizontal_flip apply to static images, not to {config.Data.Dataset}; remove them."]);
        }
    }

    private static Labeled<Tensor>[] Augment(IReadOnlyList<Labeled<Tensor>> samples, ImageAugmentation augmentation, Rng rng)
    {
        var augmented = new Labeled<Tensor>[samples.Count];
        for (int b = 0; b < samples.Count; b++)
        {
            Tensor image = samples[b].Value;
            var copy = new Tensor(image.Shape);
            augmentation.Apply(image.Span, copy.Span, rng);
            augmented[b] = samples[b] with { Value = copy };
        }
        return augmented;
    }

    private static string Describe(ImageAugmentation augmentation) =>
        (augmentation.CropPadding > 0 ? $", random crop (padding {augmentation.CropPadding})" : "") + (augmentation.HorizontalFlip ? ", horizontal flip" : "");

    private static Batch Repeat(IReadOnlyList<Labeled<Tensor>> samples, int steps)
    {
        int batch = samples.Count;
        int features = samples[0].Value.Length;
        var inputs = new Tensor(steps, batch, features);
        var labels = new int[batch];
        Span<float> first = inputs[0].Span;
        for (int b = 0; b < batch; b++)
        {
            samples[b].Value.Span.CopyTo(first.Slice(b * features, features));
            labels[b] = samples[b].Label;
        }
        for (int t = 1; t < steps; t++)
        {
            first.CopyTo(inputs[t].Span);
        }
        return new Batch(inputs, labels);
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
}
