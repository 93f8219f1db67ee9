namespace Dendrite.Learning.Stdp;

/// <summary>
/// The weight-dependent amplitudes A₊(w) (potentiation: post spike × pre trace) and A₋(w) (depression: pre spike ×
/// post trace), as in Norse's <c>STDPParameters.stdp_algorithm</c>.
/// </summary>
public enum StdpWeightDependence
{
    /// <summary>A₊ = η₊, A₋ = η₋ (Norse "additive"; SpikingJelly with constant f_post = η₊, f_pre = η₋).</summary>
    Additive,

    /// <summary>A₊ = η₊·H(w_max − w), A₋ = η₋·H(w − w_min), with H(x) = 1 for x &gt; 0 else 0 (Norse "additive_step").</summary>
    AdditiveStep,

    /// <summary>A₊ = η₊·(w_max − w)^μ, A₋ = η₋·(w − w_min)^μ (Norse "multiplicative_pow"; μ = 1 is soft-bounded STDP).
    /// Unlike Norse, the base is clamped at 0, so a weight outside the bounds gets amplitude 0 instead of NaN.</summary>
    Multiplicative,
}
