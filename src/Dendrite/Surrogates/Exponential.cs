namespace Dendrite.Surrogates;

/// <summary>
/// Exponential (SLAYER, Shrestha &amp; Orchard 2018): <c>scale·e^(−rate·|x|)</c>.
/// </summary>
/// <remarks>
/// Defaults scale = rate = 1 are BRF/FGI's <c>StepExpGrad</c>. lava-dl's (s/2τ)·e^(−|x|/τ) is <see cref="Slayer"/>;
/// Yin's "slayer" option 0.5·e^(−5|x|) is <c>new Exponential(0.5, 5)</c>.
/// </remarks>
public readonly record struct Exponential(double Scale = 1.0, double Rate = 1.0) : ISurrogate
{
    public Exponential()
        : this(1.0, 1.0)
    {
    }

    /// <summary>lava-dl's SLAYER PDF with time constant τ and scale s (defaults 1, 1: peak 0.5).</summary>
    public static Exponential Slayer(double tau = 1.0, double scale = 1.0) => new(scale / (2 * tau), 1.0 / tau);

    public double Derivative(double x) => Scale * Math.Exp(-Rate * Math.Abs(x));

    public double Function(double x) => 0.5 + Math.CopySign(Scale / Rate * (1.0 - Math.Exp(-Rate * Math.Abs(x))), x);
}
