using System.Globalization;
using System.Xml.Linq;
using Dendrite.Training.Metrics;
using Dendrite.Training.Reporting;

namespace Dendrite.Tests.Training;

public sealed class ReportingTests
{
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private static XDocument Svg(string text)
    {
        XDocument doc = XDocument.Parse(text);   // throws unless well-formed
        Assert.Equal(s_svg + "svg", doc.Root!.Name);
        return doc;
    }

    private static (double XMin, double XMax, double YMin, double YMax) AxisRange(XDocument doc)
    {
        XElement axes = doc.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "axes");
        double A(string name) => double.Parse((string)axes.Attribute(name)!, CultureInfo.InvariantCulture);
        return (A("data-x-min"), A("data-x-max"), A("data-y-min"), A("data-y-max"));
    }

    // T = 4, N = 3: spikes at (0,0), (1,2), (2,0), (2,1), (3,2) -> five dots, hand-counted.
    private static readonly float[] s_spikes = [1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1];

    [Fact]
    public void RasterHasOneDotPerSpike()
    {
        XDocument doc = Svg(SpikeRaster.Render("hidden", s_spikes, steps: 4, neurons: 3));
        Assert.Equal(5, doc.Descendants(s_svg + "rect").Count(r => (string?)r.Attribute("class") == "spike"));
        var (xMin, xMax, yMin, yMax) = AxisRange(doc);
        Assert.True(xMin <= 0 && xMax >= 4 && yMin <= 0 && yMax >= 3);
    }

    [Fact]
    public void RasterCapsNeuronsAndSaysSo()
    {
        string svg = SpikeRaster.Render("wide", s_spikes, steps: 4, neurons: 3, maxNeurons: 2);
        XDocument doc = Svg(svg);
        Assert.Equal(3, doc.Descendants(s_svg + "rect").Count(r => (string?)r.Attribute("class") == "spike"));
        Assert.Contains("first 2 of 3 neurons", svg, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("spikes", () => SpikeRaster.Render("x", s_spikes, 5, 3));
    }

    [Fact]
    public void LineChartAxesCoverTheData()
    {
        XDocument doc = Svg(LineChart.Render("Loss <train & test>", "epoch", "loss",
        [
            new ChartSeries("train", [1, 2, 3], [2.31, 0.87, 0.42]),
            new ChartSeries("test", [1, 2, 3], [2.5, 1.1, double.NaN], Dashed: true),
        ]));
        var (xMin, xMax, yMin, yMax) = AxisRange(doc);
        Assert.True(xMin <= 1 && xMax >= 3, $"x axis [{xMin}, {xMax}]");
        Assert.True(yMin <= 0.42 && yMax >= 2.5, $"y axis [{yMin}, {yMax}]");
        Assert.Equal(2, doc.Descendants(s_svg + "polyline").Count());
        Assert.Contains(doc.Descendants(s_svg + "text"), t => t.Value == "epoch");
        Assert.Equal("Loss <train & test>", doc.Root!.Element(s_svg + "title")!.Value);
    }

    [Fact]
    public void MembraneTracesDrawNeuronsAndThreshold()
    {
        float[] v = [0.1f, -0.2f, 0.5f, 0.3f, 1.4f, 0.0f];   // T = 3, N = 2
        XDocument doc = Svg(MembraneTraces.Render("v", v, steps: 3, neurons: 2, threshold: 1.0));
        Assert.Equal(3, doc.Descendants(s_svg + "polyline").Count());
        var (_, _, yMin, yMax) = AxisRange(doc);
        Assert.True(yMin <= -0.2 && yMax >= 1.4);
        Assert.Contains(doc.Descendants(s_svg + "polyline"), p => (string?)p.Attribute("data-name") == "threshold"
            && (string?)p.Attribute("stroke-dasharray") is not null);
    }

    [Fact]
    public void HistogramBarsCountEveryValue()
    {
        double[] rates = [0, 0, 0.05, 0.1, 0.1, 0.2, 0.4];
        var (min, max, counts) = Histogram.Bin(rates, 4);
        Assert.Equal((0.0, 0.4), (min, max));
        Assert.Equal([3, 2, 1, 1], counts);   // [0,0.1): 0, 0, 0.05; [0.1,0.2): 0.1, 0.1; [0.2,0.3): 0.2; [0.3,0.4]: 0.4
        XDocument doc = Svg(Histogram.Render("rates", "rate", rates, bins: 4));
        var bars = doc.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Equal(4, bars.Count);
        Assert.Equal(rates.Length, bars.Sum(b => (int)b.Attribute("data-count")!));
    }

    [Fact]
    public void AxisTicksAreNiceAndCover()
    {
        Axis axis = Axis.Covering(0.42, 2.5);
        Assert.Equal((0.0, 2.5, 0.5), (axis.Min, axis.Max, axis.Step));
        Axis flat = Axis.Covering(3, 3);
        Assert.True(flat.Min < 3 && flat.Max > 3);
    }

    [Fact]
    public void RunReportWritesSvgsAndSelfContainedHtml()
    {
        string dir = Directory.CreateTempSubdirectory("dendrite-report").FullName;
        try
        {
            MetricsRecord[] records =
            [
                new() { Phase = "train", Epoch = 1, Loss = 1.2, Accuracy = 0.6, TestLoss = 1.3, TestAccuracy = 0.55 },
                new() { Phase = "train", Epoch = 2, Loss = 0.8, Accuracy = 0.7, TestLoss = 0.9, TestAccuracy = 0.68,
                        Activity = ActivityReport.Compute([new LayerSpikeCounts("hidden", [1, 2, 0], 10)], 4, 1) },
            ];
            IReadOnlyList<string> written = RunReport.Write(dir, new RunReportData
            {
                Title = "fmnist-lif <test>",
                Records = records,
                Spikes = [new LayerSample("hidden", s_spikes, 4, 3)],
                Membrane = new LayerSample("hidden", [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f, 1.1f, 1.2f], 4, 3),
                Threshold = 1.0,
            });
            string[] svgs = written.Where(p => p.EndsWith(".svg", StringComparison.Ordinal)).ToArray();
            Assert.Equal(["loss.svg", "accuracy.svg", "raster-0-hidden.svg", "membrane.svg", "firing-rates.svg"], svgs.Select(Path.GetFileName));
            string html = File.ReadAllText(Path.Combine(dir, RunReport.ReportFileName));
            foreach (string svg in svgs)
            {
                Svg(File.ReadAllText(svg));
                Assert.Contains(File.ReadAllText(svg).Trim(), html, StringComparison.Ordinal);
            }
            Assert.Contains("fmnist-lif &lt;test&gt;", html, StringComparison.Ordinal);
            Assert.Contains("<td>68.00%</td>", html, StringComparison.Ordinal);
            Assert.Contains("hidden", html, StringComparison.Ordinal);
            Assert.DoesNotContain("src=\"", html, StringComparison.Ordinal);   // nothing external
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
