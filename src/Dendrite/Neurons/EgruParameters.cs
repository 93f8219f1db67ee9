using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// Event-based GRU (Subramoney et al., ICLR 2023; EvNN). Gates [z (update), r (reset), g (candidate)] in cuDNN order; the recurrence
/// reads the sparse output y = e⊙c; per-neuron thresholds ϑ are trainable and clamped to [0, 1] before use; reset by subtraction
/// in the same step, not detached.
/// </summary>
/// <remarks>Defaults follow EvNN: initial ϑ = 0.5 (pass a per-neuron tensor to vary it), strict &gt; (H(0) = 0), triangle pseudo-derivative γ = 0.7, ε = 1.</remarks>
public sealed record EgruParameters
{
    public double InitialThreshold { get; init; } = 0.5;

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterThan;

    public ISurrogate Surrogate { get; init; } = Triangle.Egru();

    public bool LearnThreshold { get; init; } = true;
}
