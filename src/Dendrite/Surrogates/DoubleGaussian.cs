namespace Dendrite.Surrogates;

/// <summary>
/// Double Gaussian as coded in BRF's <c>StepDoubleGaussianGrad</c>: <c>γ·[(1 + h)·N(x; 0, σ) − 2h·N(x; 0, sσ)]</c>.
/// </summary>
/// <remarks>Defaults γ = 0.5, σ = 0.5, s = 6, h = 0.15 (peak 0.438837). The paper's eq. 39 is unnormalised; the code is followed.</remarks>
public readonly record struct DoubleGaussian(double Gamma = 0.5, double Sigma = 0.5, double WidthScale = 6.0, double Height = 0.15) : ISurrogate
{
    public DoubleGaussian()
        : this(0.5, 0.5, 6.0, 0.15)
    {
    }

    public double Derivative(double x) => Gamma * ((1 + Height) * Gaussian.Normal(x, 0, Sigma)
        - 2 * Height * Gaussian.Normal(x, 0, WidthScale * Sigma));

    public double Function(double x) => throw new NotSupportedException("The double-Gaussian surrogate has no closed-form smooth function here; use another surrogate in smooth mode.");
}
