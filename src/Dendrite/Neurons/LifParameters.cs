using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// First-order leaky integrate-and-fire with snnTorch <c>Leaky</c> semantics: U = β·U + X − reset, S = H(U − θ).
/// </summary>
/// <remarks>
/// Defaults mirror snnTorch: β required (here 0.9), θ = 1, subtract reset, next-step timing (<c>reset_delay=True</c>),
/// reset detached, strict &gt;, arctan surrogate α = 2. β is clamped to [0, 1] in the forward pass, as snnTorch does.
/// Same-step timing is the Norse/SpikingJelly form U = U_pre − S·θ; it equals snnTorch's <c>reset_delay=False</c>
/// except when a membrane stays above threshold after its reset.
/// </remarks>
public sealed record LifParameters
{
    public double Beta { get; init; } = 0.9;

    public double Threshold { get; init; } = 1.0;

    /// <summary>The value a <see cref="ResetMode.ToValue"/> reset sets the membrane to.</summary>
    public double ResetValue { get; init; }

    public ResetMode Reset { get; init; } = ResetMode.Subtract;

    public ResetTiming Timing { get; init; } = ResetTiming.NextStep;

    public bool DetachReset { get; init; } = true;

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterThan;

    public ISurrogate Surrogate { get; init; } = new Arctan(2.0);

    public bool LearnBeta { get; init; }

    public bool LearnThreshold { get; init; }

    /// <summary>Integrate-and-fire: β = 1 (no leak), not learnable.</summary>
    public static LifParameters IntegrateAndFire() => new() { Beta = 1.0 };
}
