using Dendrite.Data;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>Spiking Heidelberg Digits and Spiking Speech Commands: spike trains over 700 channels binned to [T, 700].</summary>
internal static class AudioTasks
{
    private const int ShdClasses = 20;
    private const int SscClasses = 35;

    public static TrainingTask Open(TrainConfig config)
    {
        DataConfig data = config.Data;
        EventTasks.RejectImageOptions(config);
        if (data.Augmentation.EventDrop != 0 || data.Augmentation.TimeJitter != 0)
        {
            throw new ConfigException([$"{config.SourcePath}: data.augmentation: event_drop and time_jitter are not yet applied to {data.Dataset}; remove them."]);
        }
        SpikingAudioKind kind = data.Dataset == DatasetKind.Ssc ? SpikingAudioKind.Ssc : SpikingAudioKind.Shd;
        SpikeBinning binning = Binning(config);
        var options = data.Path is null ? null : new DatasetOptions(Path: data.Path);
        SpikingAudioDataset train = SpikingAudioDataset.Load(kind, DatasetSplit.Train, options);
        SpikingAudioDataset test = SpikingAudioDataset.Load(kind, DatasetSplit.Test, options);
        IDataset<Labeled<SpikeTrain>> limited = TrainingTask.Limit(train, data.MaxSamples);
        int steps = binning.Steps!.Value;
        Batch Collate(IReadOnlyList<Labeled<SpikeTrain>> samples, Rng rng)
        {
            var frames = new Labeled<Tensor>[samples.Count];
            for (int b = 0; b < frames.Length; b++)
            {
                frames[b] = new Labeled<Tensor>(binning.Apply(samples[b].Value), samples[b].Label);
            }
            return Data.Collate.TimeMajor(frames, steps);
        }
        return TrainingTask.FromLoaders($"{kind.ToString().ToUpperInvariant()} ({limited.Count} samples), {steps} bins of {binning.Dt * 1e3:0.###} ms",
            [SpikingAudioDataset.Channels], kind == SpikingAudioKind.Shd ? ShdClasses : SscClasses, steps, config, limited, test, Collate);
    }

    // Bins from t = 0: steps over duration (default 1 s, SHD's usual cut), or dt-wide bins over duration.
    private static SpikeBinning Binning(TrainConfig config)
    {
        DataConfig data = config.Data;
        double duration = data.Duration ?? 1.0;
        if (data.Steps is int steps)
        {
            return SpikeBinning.WithBins(steps, duration);
        }
        double dt = data.Dt ?? throw new ConfigException([$"{config.SourcePath}: data: {data.Dataset} needs steps or dt."]);
        return new SpikeBinning(dt, (int)Math.Round(duration / dt));
    }
}
