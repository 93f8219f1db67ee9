using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>The two parameterisations of the current-based LIF.</summary>
public enum CubaLifForm
{
    /// <summary>snnTorch <c>Synaptic</c>: syn = α·syn + x; mem = β·mem + syn − reset. Parameters α, β (clamped to [0, 1]), θ.</summary>
    Synaptic,

    /// <summary>
    /// Norse <c>lif_feed_forward_step</c> (explicit Euler): i_jump = i + x; v = v + Δt·τ_mem⁻¹·((v_leak − v) + i_jump);
    /// i = i_jump·(1 − Δt·τ_syn⁻¹). Parameters τ_mem⁻¹, τ_syn⁻¹, θ. Always a same-step reset.
    /// </summary>
    NorseEuler,
}

/// <summary>
/// Current-based (second-order) LIF. Defaults follow the chosen form's reference: Synaptic mirrors snnTorch (α = 0.8, β = 0.9,
/// θ = 1, subtract, next step, detached, &gt;, arctan 2; syn is never reset); <see cref="Norse"/> mirrors Norse's
/// <c>LIFParameters</c> (τ_syn⁻¹ = 200, τ_mem⁻¹ = 100, Δt = 1e-3, reset to 0 in the same step, not detached, SuperSpike 100).
/// </summary>
public sealed record CubaLifParameters
{
    public CubaLifForm Form { get; init; } = CubaLifForm.Synaptic;

    /// <summary>Synaptic decay α (Synaptic form).</summary>
    public double Alpha { get; init; } = 0.8;

    /// <summary>Membrane decay β (Synaptic form).</summary>
    public double Beta { get; init; } = 0.9;

    /// <summary>τ_mem⁻¹ (Norse form).</summary>
    public double TauMemInverse { get; init; } = 100.0;

    /// <summary>τ_syn⁻¹ (Norse form).</summary>
    public double TauSynInverse { get; init; } = 200.0;

    public double Dt { get; init; } = 1e-3;

    public double LeakPotential { get; init; }

    public double Threshold { get; init; } = 1.0;

    public double ResetValue { get; init; }

    public ResetMode Reset { get; init; } = ResetMode.Subtract;

    public ResetTiming Timing { get; init; } = ResetTiming.NextStep;

    public bool DetachReset { get; init; } = true;

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterThan;

    public ISurrogate Surrogate { get; init; } = new Arctan(2.0);

    /// <summary>Learn the two decays (α, β or τ⁻¹s).</summary>
    public bool LearnDecays { get; init; }

    public bool LearnThreshold { get; init; }

    /// <summary>Norse <c>lif_feed_forward_step</c> defaults.</summary>
    public static CubaLifParameters Norse() => new()
    {
        Form = CubaLifForm.NorseEuler,
        Reset = ResetMode.ToValue,
        Timing = ResetTiming.SameStep,
        DetachReset = false,
        Surrogate = FastSigmoid.Norse(),
    };
}
