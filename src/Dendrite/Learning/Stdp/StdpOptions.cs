namespace Dendrite.Learning.Stdp;

/// <summary>
/// Trace-based STDP parameters. Defaults are Norse's (a = 1, τ = 50 ms at dt = 1 ms, η₊ = η₋ = 1e-3, w ∈ [0, 1], additive, hard bounds).
/// </summary>
/// <remarks>
/// Per step: traces first, then Δw[o, i] = Σ_b A₊(w)·z_post[b, o]·x_pre[b, i] − A₋(w)·x_post[b, o]·z_pre[b, i], then
/// w ← clamp(w + Δw, w_min, w_max) when <see cref="HardBounds"/>. Because the traces are updated before Δw, pre and
/// post spikes in the same step give both potentiation and depression (they cancel for symmetric parameters).
/// SpikingJelly's f_post(w) and f_pre(w) are A₊ and A₋; SpikingJelly hands ΔW to an optimizer (W += lr·ΔW), here
/// the learning rate is folded into η₊ and η₋ and the update is applied directly.
/// </remarks>
public sealed record StdpOptions
{
    public StdpConvention Convention { get; init; } = StdpConvention.Norse;

    public StdpWeightDependence WeightDependence { get; init; } = StdpWeightDependence.Additive;

    /// <summary>Presynaptic trace time constant in time steps (τ_pre/dt); Norse's 50 ms at dt = 1 ms is 50.</summary>
    public float TauPre { get; init; } = 50f;

    /// <summary>Postsynaptic trace time constant in time steps (τ_post/dt).</summary>
    public float TauPost { get; init; } = 50f;

    /// <summary>Trace increment per presynaptic spike.</summary>
    public float APre { get; init; } = 1f;

    /// <summary>Trace increment per postsynaptic spike.</summary>
    public float APost { get; init; } = 1f;

    /// <summary>Potentiation rate η₊.</summary>
    public float EtaPlus { get; init; } = 1e-3f;

    /// <summary>Depression rate η₋.</summary>
    public float EtaMinus { get; init; } = 1e-3f;

    public float WMin { get; init; }

    public float WMax { get; init; } = 1f;

    /// <summary>Exponent μ of <see cref="StdpWeightDependence.Multiplicative"/>.</summary>
    public float Mu { get; init; } = 1f;

    /// <summary>Clamp weights to [<see cref="WMin"/>, <see cref="WMax"/>] after each update.</summary>
    public bool HardBounds { get; init; } = true;

    /// <summary>Optional A₊(w) replacing <see cref="WeightDependence"/> and η₊ (SpikingJelly's f_post, e.g. w => w).</summary>
    public Func<float, float>? Potentiation { get; init; }

    /// <summary>Optional A₋(w) replacing <see cref="WeightDependence"/> and η₋ (SpikingJelly's f_pre).</summary>
    public Func<float, float>? Depression { get; init; }

    /// <summary>Throws when a value is out of range, naming it.</summary>
    public void Validate()
    {
        if (!(TauPre >= 1f) || !(TauPost >= 1f))
        {
            // τ < 1 step makes (1 − 1/τ) negative: the trace would oscillate in sign.
            ThrowHelper.ThrowArgument($"STDP trace time constants must be ≥ 1 step; got TauPre = {TauPre}, TauPost = {TauPost}.", nameof(TauPre));
        }
        if (!(WMin < WMax))
        {
            ThrowHelper.ThrowArgument($"STDP bounds need WMin < WMax; got [{WMin}, {WMax}].", nameof(WMin));
        }
        if (!float.IsFinite(EtaPlus) || !float.IsFinite(EtaMinus) || !float.IsFinite(APre) || !float.IsFinite(APost) || !float.IsFinite(Mu))
        {
            ThrowHelper.ThrowArgument("STDP rates, trace increments and μ must be finite.", nameof(EtaPlus));
        }
    }
}
