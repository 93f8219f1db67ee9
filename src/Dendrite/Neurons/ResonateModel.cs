namespace Dendrite.Neurons;

/// <summary>
/// RF / BRF dynamics (see <see cref="ResonateParameters"/>). p = [ω, b', θ]; s = [u, v, q] (q unused by RF).
/// Both updates read the OLD u and v; u is never reset (BRF's refractoriness is the raised threshold θ + q and extra damping q).
/// </summary>
public readonly struct ResonateModel(ResonateParameters parameters, SpikeFunctionMode mode = SpikeFunctionMode.Heaviside) : INeuronModel
{
    private readonly SpikeFunction _spike = new(parameters.Surrogate, parameters.Comparison, mode);
    private readonly bool _balanced = parameters.Balanced;
    private readonly double _dt = parameters.Dt;
    private readonly double _gamma = parameters.RefractoryDecay;

    public int Currents => 1;

    public int StateSize => 3;

    public int OutputState => -1;

    public int ParameterCount => 3;

    /// <summary>The divergence boundary p(ω) = (−1 + √(1 − (Δt·ω)²))/Δt, with ω clamped to [0, 1/Δt] so it is never NaN.</summary>
    public static double DivergenceBoundary(double omega, double dt) => DivergenceBoundary(omega, dt, out _);

    internal static double DivergenceBoundary(double omega, double dt, out double derivative)
    {
        double w = Math.Min(Math.Abs(omega), 1.0 / dt);
        double root = Math.Sqrt(Math.Max(0.0, 1.0 - dt * w * (dt * w)));
        // d p/dω = −Δt·ω/√(1 − (Δtω)²): unbounded at the boundary itself, where the clamp makes it 0.
        derivative = root > 1e-12 && Math.Abs(omega) < 1.0 / dt ? -dt * w / root * Math.Sign(omega) : 0.0;
        return (-1.0 + root) / dt;
    }

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double x = ff[0] + rec[0];
        double omega = Omega(p[0]);
        double u = s[0];
        double v = s[1];
        double q = s[2];
        double b = _balanced ? DivergenceBoundary(p[0], _dt) - Math.Abs(p[1]) - q : -Math.Abs(p[1]);
        double uNew = u + _dt * (b * u - omega * v + x);
        sNew[0] = uNew;
        sNew[1] = v + _dt * (omega * u + b * v);
        double z = _spike.Value(uNew - p[2] - (_balanced ? q : 0.0));
        sNew[2] = _balanced ? _gamma * q + z : 0.0;
        return z;
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double x = ff[0] + rec[0];
        double omega = Omega(p[0]);
        double u = s[0];
        double v = s[1];
        double q = _balanced ? s[2] : 0.0;
        double pOmega = 0;
        double dpOmega = 0;
        if (_balanced)
        {
            pOmega = DivergenceBoundary(p[0], _dt, out dpOmega);
        }
        double b = _balanced ? pOmega - Math.Abs(p[1]) - q : -Math.Abs(p[1]);
        double uNew = u + _dt * (b * u - omega * v + x);
        double dz = _spike.Derivative(uNew - p[2] - q);
        double gQNew = _balanced ? gSNew[2] : 0.0;
        double gZ = gY + gQNew;
        double gUNew = gSNew[0] + gZ * dz;
        double gVNew = gSNew[1];
        double gQ = _balanced ? _gamma * gQNew - gZ * dz : 0.0;
        gP[2] -= gZ * dz;
        gS[0] = gUNew * (1 + _dt * b) + gVNew * _dt * omega;
        gS[1] = -gUNew * _dt * omega + gVNew * (1 + _dt * b);
        gFf[0] = gRec[0] = gUNew * _dt;
        double gB = gUNew * _dt * u + gVNew * _dt * v;
        double gOmega = -gUNew * _dt * v + gVNew * _dt * u;
        // ω = |ω_param| (clamped for BRF); b = p(ω) − |b'| − q for BRF, −|b'| for RF.
        double omegaSign = Math.Sign(p[0]);
        double omegaMask = !_balanced || Math.Abs(p[0]) < 1.0 / _dt ? 1.0 : 0.0;
        gP[0] += gOmega * omegaSign * omegaMask + (_balanced ? gB * dpOmega : 0.0);
        gP[1] -= gB * Math.Sign(p[1]);
        gS[2] = _balanced ? gQ - gB : 0.0;
    }

    private double Omega(double parameter) => _balanced ? Math.Min(Math.Abs(parameter), 1.0 / _dt) : Math.Abs(parameter);
}
