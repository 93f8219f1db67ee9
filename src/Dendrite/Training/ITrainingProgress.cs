using Dendrite.Training.Metrics;

namespace Dendrite.Training;

/// <summary>Where a <see cref="Trainer"/> reports progress; the CLI draws it, the library only calls it.</summary>
public interface ITrainingProgress
{
    /// <summary>After each training batch: running figures of the epoch so far.</summary>
    void OnBatch(BatchProgress progress);

    /// <summary>After each epoch's evaluation, with the record just written to <c>metrics.jsonl</c>.</summary>
    void OnEpoch(MetricsRecord record, int epochs);
}

/// <summary>Running figures of one epoch after <see cref="Batch"/> of <see cref="Batches"/> batches.</summary>
public sealed record BatchProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy,
    double FiringRate, double SamplesPerSecond, TimeSpan Eta);
