using Dendrite.Training.Metrics;

namespace Dendrite.Training;

/// <summary>Plain progress lines (about ten per epoch, one per epoch result), readable in a log file.</summary>
public sealed class TextTrainingProgress(TextWriter log) : ITrainingProgress
{
    public void OnBatch(BatchProgress p)
    {
        if (p.Batch % Math.Max(1, p.Batches / 10) == 0 || p.Batch == p.Batches)
        {
            log.WriteLine($"  epoch {p.Epoch} [{p.Batch}/{p.Batches}] loss {p.Loss:F4}, accuracy {p.Accuracy:P2}, " +
                $"firing rate {p.FiringRate:F4}, {p.SamplesPerSecond:F0} samples/s, ETA {p.Eta:mm\\:ss}");
        }
    }

    public void OnEpoch(MetricsRecord r, int epochs) =>
        log.WriteLine($"epoch {r.Epoch}/{epochs}: loss {r.Loss:F4}, train accuracy {r.Accuracy:P2}, " +
            $"test accuracy {r.TestAccuracy:P2}, firing rate {r.FiringRate:F4}, {r.SamplesPerSecond:F0} samples/s, {r.Seconds:F1} s");
}
