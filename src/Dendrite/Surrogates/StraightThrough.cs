namespace Dendrite.Surrogates;

/// <summary>Straight-through estimator: derivative 1 everywhere (snnTorch <c>StraightThroughEstimator</c>).</summary>
public readonly record struct StraightThrough : ISurrogate
{
    public double Derivative(double x) => 1.0;

    public double Function(double x) => x + 0.5;
}
