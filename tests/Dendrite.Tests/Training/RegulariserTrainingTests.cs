using Dendrite.Tests.Cli;
using Dendrite.Training;
using Dendrite.Training.Config;
using Dendrite.Training.Metrics;

namespace Dendrite.Tests.Training;

/// <summary>The trainer applies the configured regularisers to the spikes its activity report counts, and logs their loss.</summary>
public class RegulariserTrainingTests
{
    [Fact]
    public void SpikeL1LossIsLambdaTimesTheSpikesTheActivityReportCounted()
    {
        // One batch of 160 samples (batch size 256), 100 steps, one spiking layer of 16: the spike L1 term of the only step is
        // λ·(all spikes of the batch), and the train firing rate is those spikes / (16·100·160).
        const double lambda = 1e-4;
        string directory = Path.Combine(Path.GetTempPath(), "dendrite-reg-" + Guid.NewGuid().ToString("N"));
        try
        {
            TrainConfig config = ConfigLoader.Load(TinyRun.ConfigPath("randman.yaml"),
                [.. TinyRun.Overrides, "regularisers.upper_bound.strength=0", $"regularisers.spike_l1={lambda}"]);
            Assert.Equal(256, config.Training.BatchSize);
            new Trainer(config, TrainingTask.Open(config), directory, TextWriter.Null).Run();
            MetricsRecord epoch = MetricsLog.Read(Path.Combine(directory, MetricsLog.FileName)).Single();
            double spikes = epoch.FiringRate!.Value * 16 * 100 * 160;
            Assert.True(spikes > 0, "the hidden layer never spiked; the test needs spikes");
            // Per-sample average over the epoch: λ·spikes·160 / 160.
            Assert.Equal(lambda * spikes, epoch.Extra!["regulariser_loss"], lambda * spikes * 1e-5);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void NoRegulariserConfiguredMeansNoTermAndNoMetric()
    {
        var loss = new RegulariserLoss(new RegularisersConfig { UpperBound = new SpikeCountBound(3, 0, true) });
        Assert.False(loss.Active);
        Assert.Null(loss.Compute([new Dendrite.Tensors.Tensor(2, 1, 3)], []));
    }
}
