namespace Dendrite.Surrogates;

/// <summary>Normalised Gaussian <c>scale·N(x; 0, σ)</c> (BRF <c>StepGaussianGrad</c>, σ = 1, peak 0.3989).</summary>
public readonly record struct Gaussian(double Sigma = 1.0, double Scale = 1.0) : ISurrogate
{
    public Gaussian()
        : this(1.0, 1.0)
    {
    }

    public double Derivative(double x) => Scale * Normal(x, 0.0, Sigma);

    public double Function(double x) => throw new NotSupportedException("The Gaussian surrogate has no closed-form smooth function here (erf); use another surrogate in smooth mode.");

    internal static double Normal(double x, double mean, double sigma)
    {
        double z = (x - mean) / sigma;
        return Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
    }
}
