namespace Dendrite.Bench.Snn;

/// <summary>
/// One network and workload of <c>dendrite bench snn</c>: recurrent (scenario A, C, D) or feed-forward (B).
/// </summary>
/// <param name="HiddenTarget">Hidden firing rate the hidden bias is calibrated to (fraction of neuron-steps), or null to leave it.</param>
public sealed record SnnCase(string Scenario, bool Recurrent, int Inputs, int Hidden, int Outputs, int Steps, int Batch,
    double InputRate, double? HiddenTarget)
{
    public const double FashionMnistMeanIntensity = 0.29;

    /// <summary>Dense-equivalent multiply-adds ×2 of one forward pass: every projection as a full GEMM.</summary>
    public double ForwardFlops => 2.0 * Steps * Batch * ((double)Inputs * Hidden + (Recurrent ? (double)Hidden * Hidden : 0) + (double)Hidden * Outputs);

    /// <summary>
    /// Forward + backward dense-equivalent FLOPs: the backward does the weight gradients (as much as the forward) and the
    /// activation gradients of every projection but the first (its input needs none).
    /// </summary>
    public double TrainFlops => 2 * ForwardFlops - 2.0 * Steps * Batch * Inputs * Hidden;

    public string Label => $"{Scenario} {(Recurrent ? "rec" : "ff")} {Inputs}-{Hidden}-{Outputs} T={Steps} B={Batch} rate={InputRate}"
        + (HiddenTarget is double target ? $" hidden≈{target:0%}" : "");

    /// <summary>The cases of scenario A, B, C, D, or all of them.</summary>
    public static IReadOnlyList<SnnCase> For(string scenario)
    {
        SnnCase a = new("A", true, 700, 256, 20, 100, 32, 0.02, 0.10);
        return scenario.ToUpperInvariant() switch
        {
            "A" => [a],
            "B" => [new SnnCase("B", false, 784, 1000, 10, 25, 128, FashionMnistMeanIntensity, null)],
            "C" => [.. from hidden in (int[])[256, 1024] from steps in (int[])[100, 500] select a with { Scenario = "C", Hidden = hidden, Steps = steps }],
            "D" => [.. from target in (double[])[0.02, 0.10, 0.30] from rate in (double[])[0.005, 0.02, 0.1, 0.3]
                select a with { Scenario = "D", InputRate = rate, HiddenTarget = target }],
            "ALL" => [.. For("A"), .. For("B"), .. For("C"), .. For("D")],
            _ => throw new ArgumentException($"--scenario must be A, B, C, D or all; got '{scenario}'.", nameof(scenario)),
        };
    }
}
