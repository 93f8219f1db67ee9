namespace Dendrite.Surrogates;

/// <summary>Arctan: <c>(α/2) / (1 + (π·α·x/2)²)</c>, peak α/2 (snnTorch's code; its docstring's 1/π is not what runs).</summary>
/// <remarks>Default α = 2 is snnTorch's default surrogate for every neuron (peak 1).</remarks>
public readonly record struct Arctan(double Alpha = 2.0) : ISurrogate
{
    public Arctan()
        : this(2.0)
    {
    }

    public double Derivative(double x)
    {
        double u = Math.PI / 2 * Alpha * x;
        return Alpha / 2 / (1.0 + u * u);
    }

    public double Function(double x) => 0.5 + Math.Atan(Math.PI / 2 * Alpha * x) / Math.PI;
}
