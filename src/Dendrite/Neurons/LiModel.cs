namespace Dendrite.Neurons;

/// <summary>Leaky-integrator dynamics (see <see cref="LiParameters"/>). p = [τ or β]; s = [u]; output u.</summary>
public readonly struct LiModel(LiParameters parameters) : INeuronModel
{
    private readonly LiForm _form = parameters.Form;
    private readonly double _dt = parameters.Dt;

    /// <summary>The configuration, for the vectorised sequence kernel.</summary>
    internal LiParameters Config { get; } = parameters;

    public int Currents => 1;

    public int StateSize => 1;

    public int OutputState => 0;

    public int ParameterCount => 1;

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double x = ff[0] + rec[0];
        double u = _form == LiForm.Decay
            ? Decay(p[0]) * s[0] + (1 - Decay(p[0])) * x
            : Math.Clamp(p[0], 0.0, 1.0) * s[0] + x;
        sNew[0] = u;
        return u;
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double x = ff[0] + rec[0];
        double gU = gSNew[0] + gY;
        if (_form == LiForm.Decay)
        {
            double tau = p[0];
            double alpha = Decay(tau);
            gS[0] = alpha * gU;
            gFf[0] = gRec[0] = (1 - alpha) * gU;
            // dα/dτ = α·Δt/τ².
            gP[0] += gU * (s[0] - x) * alpha * _dt / (tau * tau);
        }
        else
        {
            double beta = Math.Clamp(p[0], 0.0, 1.0);
            gS[0] = beta * gU;
            gFf[0] = gRec[0] = gU;
            gP[0] += p[0] > 0.0 && p[0] < 1.0 ? gU * s[0] : 0.0;
        }
    }

    private double Decay(double tau) => Math.Exp(-_dt / tau);
}
