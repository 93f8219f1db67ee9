namespace Dendrite.Surrogates;

/// <summary>Sigmoid: <c>k·σ(kx)·(1 − σ(kx))</c>, peak k/4.</summary>
/// <remarks>Default slope 25 is snnTorch's <c>sigmoid()</c>; SpikingJelly's <c>Sigmoid(alpha=4)</c> (its LIF/PLIF default) is slope 4.</remarks>
public readonly record struct SigmoidSurrogate(double Slope = 25.0) : ISurrogate
{
    public SigmoidSurrogate()
        : this(25.0)
    {
    }

    public double Derivative(double x)
    {
        double s = Function(x);
        return Slope * s * (1.0 - s);
    }

    public double Function(double x) => 1.0 / (1.0 + Math.Exp(-Slope * x));
}
