using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// Parametric LIF (Fang et al., ICCV 2021; SpikingJelly <c>ParametricLIFNode</c>): 1/τ = sigmoid(w) with w learnable, one w per layer.
/// </summary>
/// <remarks>
/// Defaults mirror SpikingJelly: init τ = 2 (w = −ln(τ − 1) = 0), θ = 1, hard reset to v_reset = 0 (null gives the soft,
/// subtractive reset), decay_input = true, ≥ comparison, sigmoid surrogate α = 4, reset not detached, same-step reset.
/// </remarks>
public sealed record PlifParameters
{
    public double InitTau { get; init; } = 2.0;

    public double Threshold { get; init; } = 1.0;

    /// <summary>Hard reset value; null selects the soft (subtract θ) reset.</summary>
    public double? ResetValue { get; init; } = 0.0;

    /// <summary>H = V + (X − (V − V_reset))/τ when true; H = V − (V − V_reset)/τ + X when false.</summary>
    public bool DecayInput { get; init; } = true;

    public bool DetachReset { get; init; }

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterOrEqual;

    public ISurrogate Surrogate { get; init; } = new SigmoidSurrogate(4.0);

    public bool LearnThreshold { get; init; }

    /// <summary>w = −ln(init_tau − 1), so that sigmoid(w) = 1/init_tau.</summary>
    public double InitialW => -Math.Log(InitTau - 1.0);
}
