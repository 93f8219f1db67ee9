using System.Text;
using Dendrite.Training.Metrics;

namespace Dendrite.Training.Reporting;

/// <summary>One sample's activity of one layer, shape (T, N) time-major.</summary>
public sealed record LayerSample(string Name, float[] Values, int Steps, int Neurons);

/// <summary>What <see cref="RunReport.Write"/> draws. Every part is optional except the metrics.</summary>
public sealed record RunReportData
{
    public required string Title { get; init; }

    /// <summary>The records of <c>metrics.jsonl</c> (see <see cref="MetricsLog.Read"/>).</summary>
    public required IReadOnlyList<MetricsRecord> Records { get; init; }

    /// <summary>Spikes of one sample per spiking layer: one raster each.</summary>
    public IReadOnlyList<LayerSample> Spikes { get; init; } = [];

    /// <summary>Membrane potentials of one sample of one layer.</summary>
    public LayerSample? Membrane { get; init; }

    /// <summary>Neurons whose membrane is drawn; default the first 4.</summary>
    public IReadOnlyList<int>? MembraneNeurons { get; init; }

    /// <summary>The layer's threshold, drawn over the membrane traces.</summary>
    public double? Threshold { get; init; }

    /// <summary>Spikes per neuron per step of every neuron, for the histogram. Default: from <see cref="Spikes"/>.</summary>
    public IReadOnlyList<double>? FiringRates { get; init; }

    /// <summary>Activity table; default: the last record that carries one.</summary>
    public ActivityReport? Activity { get; init; }
}

/// <summary>Writes a run folder's figures (SVG) and <c>report.html</c>.</summary>
public static class RunReport
{
    public const string ReportFileName = "report.html";

    /// <summary>Writes loss.svg, accuracy.svg, raster-INDEX-LAYER.svg, membrane.svg, firing-rates.svg (each when there
    /// is data for it) and report.html into <paramref name="runDirectory"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string runDirectory, RunReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var figures = new List<(string File, ReportFigure Figure)>();
        var train = data.Records.Where(r => r.Epoch is not null && r.Phase is "train" or "epoch").ToList();

        var loss = Series(train, "train", r => r.Loss).Concat(Series(train, "test", r => r.TestLoss, dashed: true)).ToList();
        if (loss.Count > 0)
        {
            figures.Add(("loss.svg", new ReportFigure("Loss per epoch", LineChart.Render("Loss", "epoch", "loss", loss))));
        }
        var accuracy = Series(train, "train", r => r.Accuracy).Concat(Series(train, "test", r => r.TestAccuracy, dashed: true)).ToList();
        if (accuracy.Count > 0)
        {
            figures.Add(("accuracy.svg", new ReportFigure("Accuracy per epoch", LineChart.Render("Accuracy", "epoch", "accuracy", accuracy))));
        }
        for (int i = 0; i < data.Spikes.Count; i++)
        {
            // The index keeps two layers of the same name from overwriting each other.
            LayerSample s = data.Spikes[i];
            figures.Add(($"raster-{i}-{FileSafe(s.Name)}.svg",
                new ReportFigure($"Spike raster of one sample: {s.Name}", SpikeRaster.Render($"Spikes: {s.Name}", s.Values, s.Steps, s.Neurons))));
        }
        if (data.Membrane is LayerSample m)
        {
            figures.Add(("membrane.svg", new ReportFigure($"Membrane traces: {m.Name}",
                MembraneTraces.Render($"Membrane: {m.Name}", m.Values, m.Steps, m.Neurons, data.MembraneNeurons, data.Threshold))));
        }
        IReadOnlyList<double> rates = data.FiringRates ?? data.Spikes.SelectMany(RatesOf).ToList();
        if (rates.Count > 0)
        {
            figures.Add(("firing-rates.svg", new ReportFigure("Firing rates of all neurons",
                Histogram.Render("Firing-rate histogram", "spikes per neuron per step", rates))));
        }

        var written = new List<string>();
        foreach (var (file, figure) in figures)
        {
            string path = Path.Combine(runDirectory, file);
            ReportFile.WriteAllText(path, figure.Svg);
            written.Add(path);
        }
        ActivityReport? activity = data.Activity ?? data.Records.LastOrDefault(r => r.Activity is not null)?.Activity;
        string report = Path.Combine(runDirectory, ReportFileName);
        HtmlReport.Write(report, data.Title, data.Records, figures.Select(f => f.Figure).ToList(), activity);
        written.Add(report);
        return written;
    }

    private static IEnumerable<ChartSeries> Series(List<MetricsRecord> records, string name, Func<MetricsRecord, double?> get, bool dashed = false)
    {
        var points = records.Where(r => get(r) is not null).ToList();
        if (points.Count > 0)
        {
            yield return new ChartSeries(name, points.Select(r => (double)r.Epoch!.Value).ToArray(), points.Select(r => get(r)!.Value).ToArray(), dashed);
        }
    }

    private static IEnumerable<double> RatesOf(LayerSample s)
    {
        for (int n = 0; n < s.Neurons; n++)
        {
            int count = 0;
            for (int t = 0; t < s.Steps; t++)
            {
                count += s.Values[t * s.Neurons + n] != 0f ? 1 : 0;
            }
            yield return s.Steps == 0 ? 0 : count / (double)s.Steps;
        }
    }

    private static string FileSafe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-');
        }
        return safe.Length == 0 ? "layer" : safe.ToString();
    }
}
