namespace Dendrite.Surrogates;

/// <summary>
/// A surrogate gradient: the derivative used in place of the Heaviside step's (zero almost everywhere) in the backward pass.
/// x is the distance to threshold (v − θ, or a scaled form where a model says so).
/// </summary>
/// <remarks>
/// Implement it on a readonly struct for speed, or use <see cref="DelegateSurrogate"/> for convenience.
/// <see cref="Function"/> is a smooth function whose derivative is <see cref="Derivative"/> (up to a constant offset);
/// it replaces the step in "smooth mode" so finite differences can check a model's backward.
/// </remarks>
public interface ISurrogate
{
    /// <summary>d spike / dx at x.</summary>
    double Derivative(double x);

    /// <summary>A smooth function with <c>Function'(x) = Derivative(x)</c>.</summary>
    /// <exception cref="NotSupportedException">The shape has no closed-form antiderivative here (the Gaussian family).</exception>
    double Function(double x);
}
