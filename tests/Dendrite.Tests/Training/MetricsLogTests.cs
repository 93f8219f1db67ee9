using Dendrite.Training.Metrics;

namespace Dendrite.Tests.Training;

public sealed class MetricsLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dendrite-metrics").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MetricsRecord Epoch(int epoch, double loss) =>
        new() { Phase = "train", Epoch = epoch, Loss = loss, Accuracy = 0.5 + epoch / 100.0, TestAccuracy = 0.4 };

    [Fact]
    public void AppendsOneFlushedLinePerRecord()
    {
        using (var log = MetricsLog.Open(_dir))
        {
            log.Append(Epoch(1, 2.0));
            log.Append(Epoch(2, 1.5) with { Extra = new Dictionary<string, double> { ["grad_norm"] = 0.25 } });
            // Flushed: readable while still open.
            Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, MetricsLog.FileName)).Length);
        }
        IReadOnlyList<MetricsRecord> records = MetricsLog.Read(Path.Combine(_dir, MetricsLog.FileName));
        Assert.Equal([1, 2], records.Select(r => r.Epoch!.Value));
        Assert.Equal(1.5, records[1].Loss);
        Assert.Equal(0.25, records[1].Extra!["grad_norm"]);
        Assert.Null(records[0].TestLoss);
    }

    [Fact]
    public void LineIsSnakeCaseJsonWithoutUnsetFields()
    {
        string line = new MetricsRecord { Phase = "eval", TestAccuracy = 0.9, SamplesPerSecond = 1000, Loss = double.NaN }.ToJsonLine();
        Assert.Equal("{\"phase\":\"eval\",\"loss\":\"NaN\",\"test_accuracy\":0.9,\"samples_per_second\":1000}", line);
        Assert.True(double.IsNaN(MetricsRecord.Parse(line).Loss!.Value));
    }

    [Fact]
    public void ResumeDropsEpochsAfterTheCheckpointAndDoesNotDuplicate()
    {
        using (var log = MetricsLog.Open(_dir))
        {
            log.Append(Epoch(1, 2.0));
            log.Append(Epoch(2, 1.5));
            log.Append(Epoch(3, 1.2));   // logged, but the run died before checkpointing epoch 3
        }
        using (var log = MetricsLog.Open(_dir, resumeAfterEpoch: 2))
        {
            Assert.Equal(2, log.Records.Count);
            log.Append(Epoch(3, 1.1));
            Assert.Throws<InvalidOperationException>(() => log.Append(Epoch(3, 1.0)));
        }
        IReadOnlyList<MetricsRecord> records = MetricsLog.Read(Path.Combine(_dir, MetricsLog.FileName));
        Assert.Equal([1, 2, 3], records.Select(r => r.Epoch!.Value));
        Assert.Equal(1.1, records[2].Loss);
    }

    [Fact]
    public void TornLastLineFromACrashIsDroppedOnOpen()
    {
        string path = Path.Combine(_dir, MetricsLog.FileName);
        File.WriteAllText(path, Epoch(1, 2.0).ToJsonLine() + "\n{\"phase\":\"tra");
        using (var log = MetricsLog.Open(_dir))
        {
            Assert.Single(log.Records);
            log.Append(Epoch(2, 1.0));
        }
        Assert.Equal(2, MetricsLog.Read(path).Count);
    }

    [Fact]
    public void ActivityIsStoredInTheRecord()
    {
        ActivityReport activity = ActivityReport.Compute([new LayerSpikeCounts("h", [1, 0], 4)], steps: 2, samples: 1);
        MetricsRecord back = MetricsRecord.Parse((Epoch(1, 1.0) with { Activity = activity }).ToJsonLine());
        Assert.Equal(activity.Layers, back.Activity!.Layers);
    }
}
