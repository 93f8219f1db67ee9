using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// The spike nonlinearity of a model: Heaviside under a comparison in the forward pass, a surrogate derivative in the
/// backward pass; or, in <see cref="SpikeFunctionMode.Smooth"/>, the surrogate's smooth function both ways.
/// </summary>
public readonly record struct SpikeFunction(ISurrogate Surrogate, SpikeComparison Comparison = SpikeComparison.GreaterThan,
    SpikeFunctionMode Mode = SpikeFunctionMode.Heaviside)
{
    /// <summary>The spike for a distance to threshold x.</summary>
    public double Value(double x) => Mode == SpikeFunctionMode.Smooth
        ? Surrogate.Function(x)
        : Step(x, Comparison);

    /// <summary>d spike / dx as the backward pass uses it.</summary>
    public double Derivative(double x) => Surrogate.Derivative(x);

    /// <summary>The Heaviside step under a comparison: H(0) is 0 for &gt; and 1 for ≥.</summary>
    public static double Step(double x, SpikeComparison comparison) => comparison == SpikeComparison.GreaterThan
        ? (x > 0 ? 1.0 : 0.0)
        : (x >= 0 ? 1.0 : 0.0);
}
