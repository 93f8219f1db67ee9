using System.Globalization;
using System.Security;
using System.Text;

namespace Dendrite.Training.Reporting;

/// <summary>
/// A minimal SVG writer shared by the plots: fixed-size canvas, a plot area with margins, linear axes
/// with ticks and labels. Numbers are written with the invariant culture and two decimals to keep files small.
/// </summary>
internal sealed class SvgCanvas
{
    public const int Width = 640;
    public const int Height = 400;
    public const double Left = 64;
    public const double Right = 16;
    public const double Top = 34;
    public const double Bottom = 52;

    /// <summary>Series colours (Tableau 10), readable on white and for most colour-blind readers.</summary>
    public static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"];

    private readonly StringBuilder _svg = new();

    public SvgCanvas(string title)
    {
        _svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        _svg.Append(CultureInfo.InvariantCulture, $"<title>{Escape(title)}</title>\n");
        _svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        Text(Width / 2.0, 20, title, "middle", "font-size=\"14\" font-weight=\"bold\"");
    }

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public Axis X { get; private set; } = Axis.Covering(0, 1);

    public Axis Y { get; private set; } = Axis.Covering(0, 1);

    public double MapX(double x) => Left + (x - X.Min) / (X.Max - X.Min) * PlotWidth;

    public double MapY(double y) => Top + PlotHeight - (y - Y.Min) / (Y.Max - Y.Min) * PlotHeight;

    /// <summary>Draws the frame, grid, ticks and axis labels; the plot group records the axis ranges as
    /// data attributes so tests (and readers of the file) can check what the axes cover.</summary>
    public void Axes(Axis x, Axis y, string xLabel, string yLabel)
    {
        X = x;
        Y = y;
        _svg.Append(CultureInfo.InvariantCulture,
            $"<g class=\"axes\" data-x-min=\"{N(x.Min)}\" data-x-max=\"{N(x.Max)}\" data-y-min=\"{N(y.Min)}\" data-y-max=\"{N(y.Max)}\" stroke=\"#333\">\n");
        foreach (double t in x.Ticks)
        {
            double px = MapX(t);
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(px)}\" y1=\"{N(Top)}\" x2=\"{N(px)}\" y2=\"{N(Top + PlotHeight)}\" stroke=\"#eee\"/>\n");
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(px)}\" y1=\"{N(Top + PlotHeight)}\" x2=\"{N(px)}\" y2=\"{N(Top + PlotHeight + 5)}\"/>\n");
        }
        foreach (double t in y.Ticks)
        {
            double py = MapY(t);
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left)}\" y1=\"{N(py)}\" x2=\"{N(Left + PlotWidth)}\" y2=\"{N(py)}\" stroke=\"#eee\"/>\n");
            _svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left - 5)}\" y1=\"{N(py)}\" x2=\"{N(Left)}\" y2=\"{N(py)}\"/>\n");
        }
        _svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(PlotWidth)}\" height=\"{N(PlotHeight)}\" fill=\"none\"/>\n");
        _svg.Append("</g>\n");
        foreach (double t in x.Ticks)
        {
            Text(MapX(t), Top + PlotHeight + 18, x.Label(t), "middle");
        }
        foreach (double t in y.Ticks)
        {
            Text(Left - 8, MapY(t) + 4, y.Label(t), "end");
        }
        Text(Left + PlotWidth / 2, Height - 12, xLabel, "middle");
        _svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"14\" y=\"{N(Top + PlotHeight / 2)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {N(Top + PlotHeight / 2)})\">{Escape(yLabel)}</text>\n");
    }

    public void Text(double x, double y, string text, string anchor, string extra = "") =>
        _svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\" {extra}>{Escape(text)}</text>\n");

    public void Raw(string element) => _svg.Append(element).Append('\n');

    /// <summary>A legend box in the plot's top-right corner.</summary>
    public void Legend(IReadOnlyList<(string Name, string Color, bool Dashed)> entries)
    {
        double x = Left + PlotWidth - 150;
        double y = Top + 8;
        _svg.Append(CultureInfo.InvariantCulture,
            $"<rect class=\"legend\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"142\" height=\"{N(entries.Count * 16 + 8)}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n");
        for (int i = 0; i < entries.Count; i++)
        {
            double ly = y + 14 + i * 16;
            string dash = entries[i].Dashed ? " stroke-dasharray=\"5 3\"" : "";
            _svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{N(x + 6)}\" y1=\"{N(ly - 4)}\" x2=\"{N(x + 28)}\" y2=\"{N(ly - 4)}\" stroke=\"{entries[i].Color}\" stroke-width=\"2\"{dash}/>\n");
            Text(x + 34, ly, entries[i].Name, "start");
        }
    }

    public override string ToString() => _svg + "</svg>\n";

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}

/// <summary>A linear axis whose range covers the data and ends on "nice" ticks (1, 2, 2.5 or 5 × 10^k).</summary>
internal sealed record Axis(double Min, double Max, double Step)
{
    public IEnumerable<double> Ticks
    {
        get
        {
            int count = (int)Math.Round((Max - Min) / Step);
            for (int i = 0; i <= count; i++)
            {
                yield return Min + i * Step;
            }
        }
    }

    public string Label(double value)
    {
        // Enough decimals to tell ticks apart; never "-0".
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(Step) + 1e-9));
        double rounded = Math.Round(value, Math.Min(decimals, 10));
        return (rounded == 0 ? 0 : rounded).ToString("F" + Math.Min(decimals, 10), CultureInfo.InvariantCulture);
    }

    /// <summary>The smallest nice axis with about <paramref name="targetTicks"/> ticks that contains [min, max].</summary>
    public static Axis Covering(double min, double max, int targetTicks = 6)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            (min, max) = (0, 1);
        }
        if (max < min)
        {
            (min, max) = (max, min);
        }
        if (max == min)
        {
            double pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            (min, max) = (min - pad, max + pad);
        }
        double raw = (max - min) / Math.Max(targetTicks - 1, 1);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw * (1 - 1e-12));
        double lo = Math.Floor(min / step + 1e-9) * step;
        double hi = Math.Ceiling(max / step - 1e-9) * step;
        return new Axis(lo, hi, step);
    }
}
