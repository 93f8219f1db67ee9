using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// Resonate-and-fire (vanilla RF, Izhikevich 2001 as run in the BRF repository) and Balanced RF (Higuchi et al., ICML 2024).
/// Per neuron: angular frequency ω = |ω_param| and damping offset b' = |b'_param|, both learnable by default.
/// </summary>
/// <remarks>
/// Defaults follow the BRF repository: Δt = 0.01, θ = 1, γ = 0.9 (BRF refractory decay), strict &gt;, double-Gaussian surrogate;
/// layer initialisation ω ~ U(5, 10), b' ~ U(2, 3) (its SHD setting). RF uses b = −b'. BRF's divergence boundary
/// p(ω) = (−1 + √(1 − (Δt·ω)²))/Δt is only real for ω ≤ 1/Δt: ω is clamped to 1/Δt (gradient 0 beyond), so no ω yields NaN.
/// </remarks>
public sealed record ResonateParameters
{
    /// <summary>True: BRF (balanced, smooth refractory threshold q). False: vanilla RF (no reset).</summary>
    public bool Balanced { get; init; } = true;

    public double Dt { get; init; } = 0.01;

    public double Threshold { get; init; } = 1.0;

    /// <summary>BRF's refractory trace decay γ in q = γ·q + z (hard-coded 0.9 in the reference).</summary>
    public double RefractoryDecay { get; init; } = 0.9;

    public double OmegaMin { get; init; } = 5.0;

    public double OmegaMax { get; init; } = 10.0;

    public double DampingMin { get; init; } = 2.0;

    public double DampingMax { get; init; } = 3.0;

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterThan;

    public ISurrogate Surrogate { get; init; } = new DoubleGaussian();

    public bool LearnFrequencyAndDamping { get; init; } = true;

    public static ResonateParameters Rf() => new() { Balanced = false };
}
