namespace Dendrite.Surrogates;

/// <summary>
/// Multi-Gaussian of Yin et al. 2021: <c>γ·[(1 + h)·N(x; 0, σ) − h·N(x; σ, sσ) − h·N(x; −σ, sσ)]</c>.
/// </summary>
/// <remarks>Defaults γ = 0.5, σ = 0.5, s = 6, h = 0.15 (peak 0.439112), as coded in Yin's SHD script and BRF's <c>StepMultiGaussianGrad</c>.</remarks>
public readonly record struct MultiGaussian(double Gamma = 0.5, double Sigma = 0.5, double WidthScale = 6.0, double Height = 0.15) : ISurrogate
{
    public MultiGaussian()
        : this(0.5, 0.5, 6.0, 0.15)
    {
    }

    public double Derivative(double x) => Gamma * ((1 + Height) * Gaussian.Normal(x, 0, Sigma)
        - Height * Gaussian.Normal(x, Sigma, WidthScale * Sigma)
        - Height * Gaussian.Normal(x, -Sigma, WidthScale * Sigma));

    public double Function(double x) => throw new NotSupportedException("The multi-Gaussian surrogate has no closed-form smooth function here; use another surrogate in smooth mode.");
}
