namespace Dendrite.Training.Config;

/// <summary>Per-kind defaults that mirror each model's reference implementation (see <see cref="NeuronParameters"/>).</summary>
public static class NeuronDefaults
{
    public static NeuronParameters For(NeuronKind kind) => kind switch
    {
        // snnTorch Leaky/Synaptic: reset from the previous membrane, detached.
        NeuronKind.Lif or NeuronKind.CubaLif or NeuronKind.Li => new NeuronParameters(),
        // SpikingJelly IFNode.
        NeuronKind.If => new NeuronParameters { ResetTiming = ResetTiming.SameStep, DetachReset = false },
        // SpikingJelly ParametricLIFNode: init_tau 2, hard reset to 0, heaviside x >= 0.
        NeuronKind.Plif => new NeuronParameters
        {
            TauMem = 2.0, Beta = Math.Exp(-0.5), LearnBeta = true, Reset = ResetMode.Zero,
            ResetTiming = ResetTiming.SameStep, DetachReset = false, SpikeComparison = SpikeComparison.GreaterOrEqual,
        },
        // BRF repository's Yin ALIF: same-step soft reset by the current threshold, not detached.
        NeuronKind.Alif => new NeuronParameters
        {
            Threshold = 0.01, TauMem = 20.0, Beta = Math.Exp(-1.0 / 20.0), ResetTiming = ResetTiming.SameStep,
            DetachReset = false, Adaptation = new AdaptationParameters(),
        },
        NeuronKind.Rf or NeuronKind.Brf => new NeuronParameters
        {
            Reset = ResetMode.None, ResetTiming = ResetTiming.SameStep, DetachReset = false,
            Resonator = new ResonatorParameters(),
        },
        // EvNN EGRU: per-unit trainable thresholds with mean 0.3.
        _ => new NeuronParameters
        {
            Threshold = 0.3, LearnThreshold = true, Reset = ResetMode.Subtract, ResetTiming = ResetTiming.SameStep,
            DetachReset = false,
        },
    };
}
