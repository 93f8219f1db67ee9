using System.Globalization;

namespace Dendrite.Training.Reporting;

/// <summary>Histogram of values (per-neuron firing rates) as SVG bars.</summary>
public static class Histogram
{
    /// <summary>Counts of <paramref name="values"/> in <paramref name="bins"/> equal bins over [min, max]
    /// (the last bin includes max). Exposed so the bars can be checked.</summary>
    public static (double Min, double Max, int[] Counts) Bin(IReadOnlyList<double> values, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bins);
        double[] finite = values.Where(double.IsFinite).ToArray();
        double min = finite.Length == 0 ? 0 : finite.Min();
        double max = finite.Length == 0 ? 1 : finite.Max();
        if (max == min)
        {
            max = min + (min == 0 ? 1 : Math.Abs(min) * 0.1);
        }
        var counts = new int[bins];
        foreach (double v in finite)
        {
            int bin = (int)((v - min) / (max - min) * bins);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
        }
        return (min, max, counts);
    }

    public static string Render(string title, string xLabel, IReadOnlyList<double> values, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(values);
        var (min, max, counts) = Bin(values, bins);
        var canvas = new SvgCanvas(title);
        canvas.Axes(Axis.Covering(min, max), Axis.Covering(0, Math.Max(counts.Max(), 1)), xLabel, "neurons");
        double width = (max - min) / bins;
        canvas.Raw("<g class=\"histogram\" fill=\"#4e79a7\" stroke=\"white\" stroke-width=\"0.5\">");
        for (int i = 0; i < bins; i++)
        {
            double x0 = canvas.MapX(min + i * width);
            double x1 = canvas.MapX(min + (i + 1) * width);
            double y = canvas.MapY(counts[i]);
            canvas.Raw(string.Create(CultureInfo.InvariantCulture,
                $"<rect class=\"bar\" data-count=\"{counts[i]}\" x=\"{SvgCanvas.N(x0)}\" y=\"{SvgCanvas.N(y)}\" width=\"{SvgCanvas.N(x1 - x0)}\" height=\"{SvgCanvas.N(canvas.MapY(0) - y)}\"/>"));
        }
        canvas.Raw("</g>");
        return canvas.ToString();
    }
}
