using Dendrite.Data;
using Dendrite.Events;
using Dendrite.Events.Transforms;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>Event-camera tasks (N-MNIST, DVS128 Gesture): event streams framed to [T, 2, H, W] event counts.</summary>
internal static class EventTasks
{
    private const double MicrosecondsPerSecond = 1e6;

    public static TrainingTask Open(TrainConfig config)
    {
        DataConfig data = config.Data;
        RejectImageOptions(config);
        var options = data.Path is null ? null : new DatasetOptions(Path: data.Path);
        bool nmnist = data.Dataset == DatasetKind.Nmnist;
        IDataset<Labeled<EventStream>> train = nmnist ? NmnistDataset.Load(DatasetSplit.Train, options) : DvsGestureDataset.Load(DatasetSplit.Train, options);
        IDataset<Labeled<EventStream>> test = nmnist ? NmnistDataset.Load(DatasetSplit.Test, options) : DvsGestureDataset.Load(DatasetSplit.Test, options);
        SensorSize sensor = nmnist ? SensorSize.Nmnist : SensorSize.Dvs128;
        int classes = nmnist ? 10 : DvsGestureDataset.ClassNames.Count;
        (ToFrame toFrame, int steps, string framing) = Framing(config, sensor);
        IEventTransform? augment = Augmentation(data.Augmentation);
        IDataset<Labeled<EventStream>> limited = TrainingTask.Limit(train, data.MaxSamples);
        Batch Frames(IReadOnlyList<Labeled<EventStream>> samples, Rng rng, bool training)
        {
            IReadOnlyList<Labeled<EventStream>> streams = training && augment is not null
                ? samples.Select(s => new Labeled<EventStream>(augment.Apply(s.Value, rng), s.Label)).ToArray()
                : samples;
            return Collate.Frames(streams, toFrame, steps);
        }
        return TrainingTask.FromLoaders($"{(nmnist ? "N-MNIST" : "DVS128 Gesture")} ({limited.Count} samples), {framing}",
            [sensor.Polarities, sensor.Height, sensor.Width], classes, steps, config, limited, test,
            (samples, rng) => Frames(samples, rng, training: true), (samples, rng) => Frames(samples, rng, training: false));
    }

    /// <summary>Image-only augmentation (crop, flip) is rejected for event and audio data rather than ignored.</summary>
    public static void RejectImageOptions(TrainConfig config)
    {
        DataConfig data = config.Data;
        if (data.Encoder != EncoderKind.None)
        {
            throw new ConfigException([$"{config.SourcePath}: data.encoder: {data.Dataset} is already spikes; it takes no encoder (none)."]);
        }
        if (data.Augmentation.RandomCropPadding != 0 || data.Augmentation.HorizontalFlip)
        {
            throw new ConfigException([$"{config.SourcePath}: data.augmentation: random_crop_padding and horizontal_flip are not yet applied to {data.Dataset}; remove them."]);
        }
    }

    // steps: that many equal time bins per recording (tonic n_time_bins); dt: windows of dt seconds from t = 0 over duration.
    private static (ToFrame ToFrame, int Steps, string Description) Framing(TrainConfig config, SensorSize sensor)
    {
        DataConfig data = config.Data;
        if (data.Steps is int steps)
        {
            return (ToFrame.ByTimeBins(steps) with { Sensor = sensor }, steps, $"{steps} equal time bins per recording");
        }
        double dt = data.Dt ?? throw new ConfigException([$"{config.SourcePath}: data: {data.Dataset} needs steps or dt."]);
        // Every batch must have the same T (activity is reported per step), so dt framing needs a fixed duration.
        double duration = data.Duration ?? throw new ConfigException([$"{config.SourcePath}: data.duration: {data.Dataset} framed by dt needs a duration (seconds of each recording)."]);
        int bins = (int)Math.Round(duration / dt);
        var toFrame = ToFrame.ByTimeWindow(dt * MicrosecondsPerSecond, includeIncomplete: true) with
        {
            Sensor = sensor,
            StartTime = 0,
            EndTime = (long)Math.Round(duration * MicrosecondsPerSecond),
        };
        return (toFrame, bins, $"{bins} bins of {dt * 1e3:0.###} ms");
    }

    private static IEventTransform? Augmentation(AugmentationConfig augmentation)
    {
        var transforms = new List<IEventTransform>();
        if (augmentation.EventDrop > 0)
        {
            transforms.Add(new DropEvent(augmentation.EventDrop));
        }
        if (augmentation.TimeJitter > 0)
        {
            transforms.Add(new TimeJitter(augmentation.TimeJitter * MicrosecondsPerSecond, SortTimestamps: true));
        }
        return transforms.Count == 0 ? null : EventTransforms.Compose([.. transforms]);
    }
}
