namespace Dendrite.Bench.Gemm;

/// <summary>GFLOP/s of each timed batch, summarised.</summary>
public sealed record Measurement(double Median, double Min, double Max, int Samples)
{
    /// <summary>(max − min) / median: how much the machine disturbed this measurement.</summary>
    public double Spread => Median > 0 ? (Max - Min) / Median : 0;

    public static Measurement From(List<double> gflops)
    {
        var sorted = gflops.Order().ToArray();
        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Measurement(median, sorted[0], sorted[^1], sorted.Length);
    }
}
