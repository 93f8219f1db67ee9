using System.Globalization;
using System.Net;
using System.Text;
using Dendrite.Training.Metrics;

namespace Dendrite.Training.Reporting;

/// <summary>A figure of the report: a caption and the SVG text, embedded inline.</summary>
public sealed record ReportFigure(string Caption, string Svg);

/// <summary>
/// One self-contained <c>report.html</c>: the figures inline (no external files, scripts or fonts), the
/// per-epoch metrics table from <c>metrics.jsonl</c> and, when given, the activity table.
/// </summary>
public static class HtmlReport
{
    private static readonly (string Header, Func<MetricsRecord, double?> Get, string Format)[] s_columns =
    [
        ("loss", r => r.Loss, "0.0000"),
        ("accuracy", r => r.Accuracy, "0.00%"),
        ("test loss", r => r.TestLoss, "0.0000"),
        ("test accuracy", r => r.TestAccuracy, "0.00%"),
        ("firing rate", r => r.FiringRate, "0.0000"),
        ("lr", r => r.LearningRate, "0.#####E+0"),
        ("seconds", r => r.Seconds, "0.0"),
        ("samples/s", r => r.SamplesPerSecond, "0"),
    ];

    public static string Render(string title, IReadOnlyList<MetricsRecord> records, IReadOnlyList<ReportFigure> figures,
        ActivityReport? activity = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(figures);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}</title>\n");
        html.Append("<style>\nbody{font-family:sans-serif;margin:2em;max-width:1340px;color:#222}\n")
            .Append("table{border-collapse:collapse;margin:1em 0;font-size:13px}\n")
            .Append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}\nth{background:#f4f4f4}\n")
            .Append("td:first-child,th:first-child{text-align:left}\n")
            .Append("figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}\nfigcaption{font-size:13px;color:#555}\n")
            .Append("pre{background:#f8f8f8;padding:1em;overflow:auto}\n</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1>\n");

        html.Append("<h2>Metrics</h2>\n");
        if (records.Count == 0)
        {
            html.Append("<p>No metrics recorded.</p>\n");
        }
        else
        {
            var columns = s_columns.Where(c => records.Any(r => c.Get(r) is not null)).ToArray();
            html.Append("<table class=\"metrics\">\n<tr><th>epoch</th><th>phase</th>");
            foreach (var c in columns)
            {
                html.Append(CultureInfo.InvariantCulture, $"<th>{E(c.Header)}</th>");
            }
            html.Append("</tr>\n");
            foreach (MetricsRecord r in records)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{r.Epoch?.ToString(CultureInfo.InvariantCulture) ?? ""}</td><td>{E(r.Phase)}</td>");
                foreach (var c in columns)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<td>{(c.Get(r) is double v ? E(v.ToString(c.Format, CultureInfo.InvariantCulture)) : "")}</td>");
                }
                html.Append("</tr>\n");
            }
            html.Append("</table>\n");
        }

        if (activity is not null)
        {
            html.Append("<h2>Activity</h2>\n<pre class=\"activity\">").Append(E(activity.ToTable())).Append("</pre>\n");
        }

        if (figures.Count > 0)
        {
            html.Append("<h2>Figures</h2>\n");
            foreach (ReportFigure f in figures)
            {
                html.Append("<figure>\n").Append(StripXmlDeclaration(f.Svg).Trim()).Append('\n');
                html.Append(CultureInfo.InvariantCulture, $"<figcaption>{E(f.Caption)}</figcaption>\n</figure>\n");
            }
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the report atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, string title, IReadOnlyList<MetricsRecord> records, IReadOnlyList<ReportFigure> figures,
        ActivityReport? activity = null) =>
        ReportFile.WriteAllText(path, Render(title, records, figures, activity));

    private static string StripXmlDeclaration(string svg) =>
        svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..] : svg;

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
