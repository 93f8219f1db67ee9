namespace Dendrite.Surrogates;

/// <summary>
/// The FGI repository's double Gaussian, unnormalised: <c>(1 + p)·e^(−x²/(2σ²)) − 2p·e^(−x²/2)</c> with p = 0.3, σ = 0.5,
/// i.e. 1.3·e^(−x²/0.5) − 0.6·e^(−x²/2) (peak 0.7; negative lobes).
/// </summary>
public readonly record struct UnnormalisedDoubleGaussian(double P = 0.3, double Sigma = 0.5) : ISurrogate
{
    public UnnormalisedDoubleGaussian()
        : this(0.3, 0.5)
    {
    }

    public double Derivative(double x) => (1 + P) * Math.Exp(-x * x / (2 * Sigma * Sigma)) - 2 * P * Math.Exp(-x * x / 2);

    public double Function(double x) => throw new NotSupportedException("This surrogate has no closed-form smooth function here; use another surrogate in smooth mode.");
}
