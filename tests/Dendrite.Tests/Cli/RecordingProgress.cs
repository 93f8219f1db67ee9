using Dendrite.Training;
using Dendrite.Training.Metrics;

namespace Dendrite.Tests.Cli;

/// <summary>Keeps every progress call.</summary>
public sealed class RecordingProgress : ITrainingProgress
{
    public List<BatchProgress> Batches { get; } = [];

    public List<MetricsRecord> Epochs { get; } = [];

    public void OnBatch(BatchProgress progress) => Batches.Add(progress);

    public void OnEpoch(MetricsRecord record, int epochs) => Epochs.Add(record);
}
