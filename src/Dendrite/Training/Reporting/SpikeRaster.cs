using System.Globalization;

namespace Dendrite.Training.Reporting;

/// <summary>Spike raster of one sample: time on x, neuron on y, one mark per spike.</summary>
public static class SpikeRaster
{
    /// <summary>Renders the raster.</summary>
    /// <param name="spikes">Shape (T, N), time-major, for one sample; non-zero values are spikes.</param>
    /// <param name="maxNeurons">Only the first this-many neurons are drawn (said in the title) so that wide
    /// layers stay a readable, small file.</param>
    public static string Render(string title, ReadOnlySpan<float> spikes, int steps, int neurons, int maxNeurons = 256)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNeurons);
        if (spikes.Length != (long)steps * neurons)
        {
            throw new ArgumentException($"Expected {steps}x{neurons} = {(long)steps * neurons} values, found {spikes.Length}.", nameof(spikes));
        }
        int shown = Math.Min(neurons, maxNeurons);
        string fullTitle = shown < neurons ? $"{title} (first {shown} of {neurons} neurons)" : title;
        var canvas = new SvgCanvas(fullTitle);
        // Cells are [t, t+1) × [n, n+1): the axes span the whole grid, not just the spikes.
        canvas.Axes(Axis.Covering(0, Math.Max(steps, 1)), Axis.Covering(0, Math.Max(shown, 1)), "time step", "neuron");
        double width = Math.Max(1.0, canvas.MapX(1) - canvas.MapX(0));
        double height = Math.Max(1.0, canvas.MapY(0) - canvas.MapY(1));
        canvas.Raw("<g class=\"raster\" fill=\"#222\">");
        for (int t = 0; t < steps; t++)
        {
            for (int n = 0; n < shown; n++)
            {
                if (spikes[t * neurons + n] != 0f)
                {
                    canvas.Raw(string.Create(CultureInfo.InvariantCulture,
                        $"<rect class=\"spike\" x=\"{SvgCanvas.N(canvas.MapX(t))}\" y=\"{SvgCanvas.N(canvas.MapY(n + 1))}\" width=\"{SvgCanvas.N(width)}\" height=\"{SvgCanvas.N(height)}\"/>"));
                }
            }
        }
        canvas.Raw("</g>");
        return canvas.ToString();
    }
}
