using System.Globalization;
using System.Text;

namespace Dendrite.Training.Reporting;

/// <summary>One named line of a <see cref="LineChart"/>; non-finite points are skipped.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false);

/// <summary>Line charts (loss and accuracy per epoch, train vs test) as standalone SVG.</summary>
public static class LineChart
{
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (ChartSeries s in series)
        {
            if (s.X.Count != s.Y.Count)
            {
                throw new ArgumentException($"Series '{s.Name}': {s.X.Count} x values but {s.Y.Count} y values.", nameof(series));
            }
        }
        var points = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second)).ToList();
        var canvas = new SvgCanvas(title);
        Axis x = points.Count == 0 ? Axis.Covering(0, 1) : Axis.Covering(points.Min(p => p.First), points.Max(p => p.First));
        Axis y = points.Count == 0 ? Axis.Covering(0, 1) : Axis.Covering(points.Min(p => p.Second), points.Max(p => p.Second));
        canvas.Axes(x, y, xLabel, yLabel);

        var legend = new List<(string, string, bool)>();
        for (int i = 0; i < series.Count; i++)
        {
            ChartSeries s = series[i];
            string color = SvgCanvas.Palette[i % SvgCanvas.Palette.Length];
            string dash = s.Dashed ? " stroke-dasharray=\"5 3\"" : "";
            var coords = new StringBuilder();
            for (int j = 0; j < s.X.Count; j++)
            {
                if (double.IsFinite(s.X[j]) && double.IsFinite(s.Y[j]))
                {
                    coords.Append(CultureInfo.InvariantCulture, $"{SvgCanvas.N(canvas.MapX(s.X[j]))},{SvgCanvas.N(canvas.MapY(s.Y[j]))} ");
                }
            }
            canvas.Raw($"<polyline class=\"series\" data-name=\"{SvgCanvas.Escape(s.Name)}\" points=\"{coords.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>");
            // Markers make single-epoch runs visible (a polyline of one point draws nothing).
            for (int j = 0; j < s.X.Count; j++)
            {
                if (double.IsFinite(s.X[j]) && double.IsFinite(s.Y[j]))
                {
                    canvas.Raw($"<circle cx=\"{SvgCanvas.N(canvas.MapX(s.X[j]))}\" cy=\"{SvgCanvas.N(canvas.MapY(s.Y[j]))}\" r=\"2.5\" fill=\"{color}\"/>");
                }
            }
            legend.Add((s.Name, color, s.Dashed));
        }
        if (legend.Count > 0)
        {
            canvas.Legend(legend);
        }
        return canvas.ToString();
    }
}
