namespace Dendrite.Training.Config;

/// <summary>
/// The parameters of a neuron layer. Only the keys that apply to the layer's kind are accepted in a
/// config file (anything else is an unknown key); the others keep the values below and are unused.
/// Defaults mirror each model's reference implementation (neurons.md §0, §11):
/// <list type="table">
/// <item><term>lif, cubalif</term><description>snnTorch Leaky/Synaptic: β 0.9 (cubalif α 0.8), θ 1, subtract, next_step, detach_reset true, gt.</description></item>
/// <item><term>li</term><description>β 0.9; no threshold or reset.</description></item>
/// <item><term>if</term><description>θ 1, subtract, same_step, detach_reset false, gt.</description></item>
/// <item><term>plif</term><description>SpikingJelly: τ 2 (learned), θ 1, zero, same_step, detach_reset false, ge, decay_input true.</description></item>
/// <item><term>alif</term><description>BRF-repository Yin form: τ_mem 20, θ 0.01, τ_adapt 150, β_adapt 1.8, subtract, same_step, not detached, gt.</description></item>
/// <item><term>rf, brf</term><description>ω ~ U(5, 10), b′ ~ U(0, 3), θ 1, dt 0.01; brf γ 0.9. No reset keys (BRF resets smoothly).</description></item>
/// <item><term>egru</term><description>EvNN: threshold mean 0.3 (per-unit, trainable, clamped to [0, 1]).</description></item>
/// </list>
/// </summary>
public sealed record NeuronParameters
{
    /// <summary><c>threshold</c> θ (for egru: the mean of the per-unit threshold initialisation).</summary>
    public double Threshold { get; init; } = 1.0;

    /// <summary><c>learn_threshold</c>: train θ. Default false (true for egru).</summary>
    public bool LearnThreshold { get; init; }

    /// <summary>Membrane decay per step in [0, 1]. Written as <c>beta</c>, or derived as exp(−1/τ) from
    /// <c>tau_mem</c> (in steps); giving both is an error.</summary>
    public double Beta { get; init; } = 0.9;

    /// <summary><c>tau_mem</c>: membrane time constant in steps, when given instead of beta. Default null.</summary>
    public double? TauMem { get; init; }

    /// <summary><c>tau_mem_std</c>: per-neuron τ initialised from N(tau_mem, std²) (Yin, BRF readout N(20, 5)). Default 0.</summary>
    public double TauMemStd { get; init; }

    /// <summary><c>learn_beta</c>: train the decay (β or τ). Default false (true for plif).</summary>
    public bool LearnBeta { get; init; }

    /// <summary><c>alpha</c>: synaptic-current decay per step (cubalif only). Default 0.8.</summary>
    public double Alpha { get; init; } = 0.8;

    /// <summary><c>reset</c>: subtract|zero|none.</summary>
    public ResetMode Reset { get; init; } = ResetMode.Subtract;

    /// <summary><c>reset_timing</c>: same_step|next_step.</summary>
    public ResetTiming ResetTiming { get; init; } = ResetTiming.NextStep;

    /// <summary><c>detach_reset</c>: no gradient through the reset term.</summary>
    public bool DetachReset { get; init; } = true;

    /// <summary><c>spike_comparison</c>: gt (v − θ &gt; 0) or ge (&gt;= 0).</summary>
    public SpikeComparison SpikeComparison { get; init; } = SpikeComparison.GreaterThan;

    /// <summary><c>decay_input</c> (plif only): leak the input as well as the membrane. Default true.</summary>
    public bool DecayInput { get; init; } = true;

    /// <summary>ALIF adaptation; non-null exactly for alif layers.</summary>
    public AdaptationParameters? Adaptation { get; init; }

    /// <summary>Resonator parameters; non-null exactly for rf and brf layers.</summary>
    public ResonatorParameters? Resonator { get; init; }
}

/// <summary>ALIF threshold adaptation A = θ0 + β_adapt·a (neurons.md §2).</summary>
public sealed record AdaptationParameters
{
    /// <summary><c>variant</c>: bellec2020|yin2021|yin2021_original|lsnn2018. Default yin2021 (the form BRF compares against).</summary>
    public AlifVariant Variant { get; init; } = AlifVariant.Yin2021;

    /// <summary><c>tau_adapt</c>: adaptation time constant in steps. Default 150 (Yin SHD).</summary>
    public double TauAdapt { get; init; } = 150.0;

    /// <summary><c>tau_adapt_std</c>: per-neuron spread of the τ_adapt initialisation. Default 0.</summary>
    public double TauAdaptStd { get; init; }

    /// <summary><c>beta_adapt</c>: adaptation strength. Default 1.8.</summary>
    public double BetaAdapt { get; init; } = 1.8;

    /// <summary><c>refractory</c>: refractory period in steps (bellec2020). Default 0.</summary>
    public int Refractory { get; init; }
}

/// <summary>RF/BRF parameters (neurons.md §3): initial ranges of ω and b′ and the Euler step δ.</summary>
public sealed record ResonatorParameters
{
    /// <summary><c>omega</c>: [min, max] of the uniform ω initialisation (rad per unit time). Default [5, 10].</summary>
    public double OmegaMin { get; init; } = 5.0;

    public double OmegaMax { get; init; } = 10.0;

    /// <summary><c>b_offset</c>: [min, max] of the uniform b′ initialisation. Default [0, 3].</summary>
    public double BOffsetMin { get; init; }

    public double BOffsetMax { get; init; } = 3.0;

    /// <summary><c>dt</c>: the Euler step δ. Default 0.01. ω must stay below 1/δ (the divergence boundary's sqrt).</summary>
    public double Dt { get; init; } = 0.01;

    /// <summary><c>gamma</c> (brf only): decay of the refractory trace q. Default 0.9.</summary>
    public double Gamma { get; init; } = 0.9;
}
