namespace Dendrite.Bench.Gemm;

/// <summary>C (M×N) = A (M×K) · B (K×N).</summary>
public readonly record struct GemmShape(int M, int N, int K)
{
    public double Flops => 2.0 * M * N * K;

    /// <summary>The naive reference is timed only up to 256³ of work; beyond that it would take seconds a call.</summary>
    public bool IsSmall => (long)M * N * K <= 256L * 256 * 256;
}
