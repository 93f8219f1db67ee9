namespace Dendrite.Surrogates;

/// <summary>
/// Triangle / piecewise linear (Esser 2016, Bellec 2018): <c>γ·max(0, 1 − ε·|x|)</c>.
/// </summary>
/// <remarks>
/// Default γ = 0.3, ε = 1 (Norse; LSNN/e-prop apply it to x = (v − A)/θ). EGRU (EvNN) uses γ = 0.7, ε = 1
/// (<see cref="Egru"/>); the BRF/FGI <c>StepLinearGrad</c> is γ = ε = 1. snnTorch's <c>triangular()</c> is not a triangle.
/// </remarks>
public readonly record struct Triangle(double Gamma = 0.3, double Width = 1.0) : ISurrogate
{
    public Triangle()
        : this(0.3, 1.0)
    {
    }

    /// <summary>EvNN's pseudo-derivative: dampening 0.7, support 1.</summary>
    public static Triangle Egru(double dampening = 0.7, double support = 1.0) => new(dampening, support);

    public double Derivative(double x) => Gamma * Math.Max(0.0, 1.0 - Width * Math.Abs(x));

    public double Function(double x)
    {
        double a = Math.Abs(x);
        double inner = a >= 1.0 / Width ? 0.5 / Width : a - 0.5 * Width * a * a;
        return 0.5 + Gamma * Math.CopySign(inner, x);
    }
}
