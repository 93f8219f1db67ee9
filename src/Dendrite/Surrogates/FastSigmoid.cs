namespace Dendrite.Surrogates;

/// <summary>
/// Fast sigmoid / SuperSpike (Zenke &amp; Ganguli 2018): <c>scale / (slope·|x| + 1)²</c>.
/// </summary>
/// <remarks>
/// Defaults are snnTorch's <c>fast_sigmoid(slope=25)</c>. Norse's SuperSpike is slope 100 (<see cref="Norse"/>);
/// SpikingJelly's <c>SuperSpike(alpha)</c> is slope 1 with alpha as a scale (<see cref="SpikingJelly"/>).
/// </remarks>
public readonly record struct FastSigmoid(double Slope = 25.0, double Scale = 1.0) : ISurrogate
{
    public FastSigmoid()
        : this(25.0, 1.0)
    {
    }

    /// <summary>Norse <c>superspike</c> with its default alpha = 100.</summary>
    public static FastSigmoid Norse(double alpha = 100.0) => new(alpha, 1.0);

    /// <summary>SpikingJelly <c>SuperSpike</c>: alpha / (|x| + 1)², default alpha = 1.</summary>
    public static FastSigmoid SpikingJelly(double alpha = 1.0) => new(1.0, alpha);

    public double Derivative(double x)
    {
        double d = Slope * Math.Abs(x) + 1.0;
        return Scale / (d * d);
    }

    // d/dx [x / (1 + k|x|)] = 1 / (1 + k|x|)².
    public double Function(double x) => 0.5 + Scale * x / (1.0 + Slope * Math.Abs(x));
}
