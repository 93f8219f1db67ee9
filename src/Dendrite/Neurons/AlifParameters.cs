using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// Adaptive LIF: threshold θ0 + β·a with a a low-pass-filtered spike trace. The <see cref="Variant"/> must be named.
/// α = exp(−Δt/τ_m), ρ = exp(−Δt/τ_adp); τ_m and τ_adp are the (optionally learnable) parameters, as in Yin 2021.
/// </summary>
/// <remarks>
/// Use the factories for each reference's defaults: <see cref="Yin2021"/> (θ0 = 0.01, β = 1.8, τ_m = 20, τ_adp = 150,
/// multi-Gaussian surrogate; Yin initialises τs from N(20, 5) and N(150, 10) and mem uniformly in [0, 1), which a caller
/// does through the layer's tensors and initial state); <see cref="EProp"/> (θ0 = 0.03, β = 1.6, τ_m = 20, τ_adp = 200,
/// triangle 0.3 on the scaled distance, reset detached); <see cref="Lsnn"/> (θ0 = 0.01, β = 1.6, τ_m = 20, τ_adp = 200, triangle 0.3).
/// </remarks>
public sealed record AlifParameters
{
    public AlifVariant Variant { get; init; } = AlifVariant.Yin2021;

    public double TauMembrane { get; init; } = 20.0;

    public double TauAdaptation { get; init; } = 150.0;

    public double BaseThreshold { get; init; } = 0.01;

    public double AdaptationStrength { get; init; } = 1.8;

    public double Dt { get; init; } = 1.0;

    public bool DetachReset { get; init; }

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterThan;

    public ISurrogate Surrogate { get; init; } = new MultiGaussian();

    public bool LearnTimeConstants { get; init; }

    public bool LearnThreshold { get; init; }

    public static AlifParameters Yin2021(bool original = false) => new()
    {
        Variant = original ? AlifVariant.Yin2021Original : AlifVariant.Yin2021,
    };

    public static AlifParameters EProp() => new()
    {
        Variant = AlifVariant.Bellec2020EProp,
        TauAdaptation = 200.0,
        BaseThreshold = 0.03,
        AdaptationStrength = 1.6,
        DetachReset = true,
        Surrogate = new Triangle(0.3),
    };

    public static AlifParameters Lsnn() => new()
    {
        Variant = AlifVariant.Lsnn2018,
        TauAdaptation = 200.0,
        BaseThreshold = 0.01,
        AdaptationStrength = 1.6,
        Surrogate = new Triangle(0.3),
    };
}
