namespace Dendrite.Surrogates;

/// <summary>A user's own surrogate from delegates: the derivative, and optionally its smooth antiderivative.</summary>
public sealed class DelegateSurrogate(Func<double, double> derivative, Func<double, double>? function = null) : ISurrogate
{
    private readonly Func<double, double> _derivative = derivative ?? throw new ArgumentNullException(nameof(derivative));

    public double Derivative(double x) => _derivative(x);

    public double Function(double x) => function is null
        ? throw new NotSupportedException("This DelegateSurrogate was built without a smooth function; pass one to use smooth mode.")
        : function(x);
}
