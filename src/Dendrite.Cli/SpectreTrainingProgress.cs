using System.Globalization;
using Dendrite.Training;
using Dendrite.Training.Metrics;
using Spectre.Console;

namespace Dendrite.Cli;

/// <summary>A live progress bar (loss, accuracy, firing rate, samples/s, ETA) and one table row per epoch, for a terminal.</summary>
internal sealed class SpectreTrainingProgress(ProgressTask task) : ITrainingProgress
{
    private readonly List<MetricsRecord> _epochs = [];

    public IReadOnlyList<MetricsRecord> Epochs => _epochs;

    /// <summary>Runs <paramref name="train"/> under a live progress display; prints the epoch table when it ends.</summary>
    public static T Run<T>(Func<ITrainingProgress, T> train)
    {
        SpectreTrainingProgress? progress = null;
        try
        {
            return AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
                .Start(context =>
                {
                    progress = new SpectreTrainingProgress(context.AddTask("starting", maxValue: 1));
                    return train(progress);
                });
        }
        finally
        {
            if (progress is { Epochs.Count: > 0 })
            {
                AnsiConsole.Write(Table(progress.Epochs));
            }
        }
    }

    public void OnBatch(BatchProgress p)
    {
        task.MaxValue = (double)p.Epochs * p.Batches;
        task.Value = (double)(p.Epoch - 1) * p.Batches + p.Batch;
        // The description is markup: escape the brackets.
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch}/{p.Epochs} [{p.Batch}/{p.Batches}] loss {p.Loss:F4} acc {p.Accuracy:P1} rate {p.FiringRate:F3} {p.SamplesPerSecond:F0}/s ETA {p.Eta:mm\\:ss}"));
    }

    public void OnEpoch(MetricsRecord record, int epochs)
    {
        _epochs.Add(record);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"epoch {record.Epoch}/{epochs}: loss {record.Loss:F4}, train {record.Accuracy:P2}, test {record.TestAccuracy:P2}, firing rate {record.FiringRate:F4}, {record.Seconds:F1} s")));
    }

    private static Table Table(IReadOnlyList<MetricsRecord> records)
    {
        var table = new Table().AddColumns("epoch", "loss", "train acc", "test loss", "test acc", "firing rate", "samples/s", "s");
        foreach (MetricsRecord r in records)
        {
            table.AddRow(string.Create(CultureInfo.InvariantCulture, $"{r.Epoch}"), F(r.Loss, "F4"), F(r.Accuracy, "P2"), F(r.TestLoss, "F4"),
                F(r.TestAccuracy, "P2"), F(r.FiringRate, "F4"), F(r.SamplesPerSecond, "F0"), F(r.Seconds, "F1"));
        }
        return table;
    }

    private static string F(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
