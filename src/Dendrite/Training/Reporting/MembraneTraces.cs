namespace Dendrite.Training.Reporting;

/// <summary>Membrane potential of a few neurons over time, with the firing threshold as a dashed line.</summary>
public static class MembraneTraces
{
    /// <param name="membrane">Shape (T, N), time-major, for one sample.</param>
    /// <param name="neuronIndices">Which neurons to draw (at most 8 are distinguishable); default the first 4.</param>
    /// <param name="threshold">Drawn as a dashed line when given.</param>
    public static string Render(string title, ReadOnlySpan<float> membrane, int steps, int neurons,
        IReadOnlyList<int>? neuronIndices = null, double? threshold = null)
    {
        if (membrane.Length != (long)steps * neurons)
        {
            throw new ArgumentException($"Expected {steps}x{neurons} = {(long)steps * neurons} values, found {membrane.Length}.", nameof(membrane));
        }
        IReadOnlyList<int> chosen = neuronIndices ?? Enumerable.Range(0, Math.Min(4, neurons)).ToArray();
        var series = new List<ChartSeries>();
        double[] time = Enumerable.Range(0, steps).Select(t => (double)t).ToArray();
        foreach (int n in chosen)
        {
            if (n < 0 || n >= neurons)
            {
                throw new ArgumentOutOfRangeException(nameof(neuronIndices), $"Neuron {n} is outside [0, {neurons}).");
            }
            var v = new double[steps];
            for (int t = 0; t < steps; t++)
            {
                v[t] = membrane[t * neurons + n];
            }
            series.Add(new ChartSeries($"neuron {n}", time, v));
        }
        if (threshold is double theta)
        {
            series.Add(new ChartSeries("threshold", [0, Math.Max(steps - 1, 0)], [theta, theta], Dashed: true));
        }
        return LineChart.Render(title, "time step", "membrane potential", series);
    }
}
