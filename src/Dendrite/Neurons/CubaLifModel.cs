namespace Dendrite.Neurons;

/// <summary>Current-based LIF dynamics (see <see cref="CubaLifParameters"/>). p = [α or τ_mem⁻¹, β or τ_syn⁻¹, θ]; s = [syn (i), mem (v)].</summary>
public readonly struct CubaLifModel(CubaLifParameters parameters, SpikeFunctionMode mode = SpikeFunctionMode.Heaviside) : INeuronModel
{
    private readonly SpikeFunction _spike = new(parameters.Surrogate, parameters.Comparison, mode);
    private readonly CubaLifParameters _config = parameters;

    public int Currents => 1;

    public int StateSize => 2;

    public int OutputState => -1;

    public int ParameterCount => 3;

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double x = ff[0] + rec[0];
        double theta = p[2];
        if (_config.Form == CubaLifForm.NorseEuler)
        {
            double dt = _config.Dt;
            double jump = s[0] + x;
            double decayed = s[1] + dt * p[0] * ((_config.LeakPotential - s[1]) + jump);
            sNew[0] = jump - dt * p[1] * jump;
            double z = _spike.Value(decayed - theta);
            sNew[1] = SameStepReset.Apply(_config.Reset, decayed, z, theta, _config.ResetValue);
            return z;
        }
        double alpha = Math.Clamp(p[0], 0.0, 1.0);
        double beta = Math.Clamp(p[1], 0.0, 1.0);
        double syn = alpha * s[0] + x;
        sNew[0] = syn;
        double pre = beta * s[1] + syn;
        if (_config.Timing == ResetTiming.SameStep)
        {
            double y = _spike.Value(pre - theta);
            sNew[1] = SameStepReset.Apply(_config.Reset, pre, y, theta, _config.ResetValue);
            return y;
        }
        // snnTorch: the reset comes from the previous membrane; a zero reset clears the whole new membrane, input included.
        double r = _spike.Value(s[1] - theta);
        double mem = NextStepReset(pre, r, theta);
        sNew[1] = mem;
        return _spike.Value(mem - theta);
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double x = ff[0] + rec[0];
        double theta = p[2];
        double gTheta = 0;
        if (_config.Form == CubaLifForm.NorseEuler)
        {
            double dt = _config.Dt;
            double jump = s[0] + x;
            double decayed = s[1] + dt * p[0] * ((_config.LeakPotential - s[1]) + jump);
            double z = _spike.Value(decayed - theta);
            double dz = _spike.Derivative(decayed - theta);
            double gDecayed = SameStepReset.Backward(_config.Reset, _config.DetachReset, decayed, z, dz, theta, _config.ResetValue, gSNew[1], gY, ref gTheta);
            double gJump = gDecayed * dt * p[0] + gSNew[0] * (1 - dt * p[1]);
            gS[1] = gDecayed * (1 - dt * p[0]);
            gS[0] = gJump;
            gFf[0] = gRec[0] = gJump;
            gP[0] += gDecayed * dt * ((_config.LeakPotential - s[1]) + jump);
            gP[1] -= gSNew[0] * dt * jump;
            gP[2] += gTheta;
            return;
        }
        double alpha = Math.Clamp(p[0], 0.0, 1.0);
        double beta = Math.Clamp(p[1], 0.0, 1.0);
        double syn = alpha * s[0] + x;
        double pre = beta * s[1] + syn;
        double gPre;
        double gPrevious;
        if (_config.Timing == ResetTiming.SameStep)
        {
            double y = _spike.Value(pre - theta);
            double dy = _spike.Derivative(pre - theta);
            gPre = SameStepReset.Backward(_config.Reset, _config.DetachReset, pre, y, dy, theta, _config.ResetValue, gSNew[1], gY, ref gTheta);
            gPrevious = beta * gPre;
        }
        else
        {
            double r = _spike.Value(s[1] - theta);
            double dr = _config.DetachReset ? 0.0 : _spike.Derivative(s[1] - theta);
            double mem = NextStepReset(pre, r, theta);
            double dy = _spike.Derivative(mem - theta);
            double gMem = gSNew[1] + gY * dy;
            gTheta -= gY * dy;
            double gR;
            switch (_config.Reset)
            {
                case ResetMode.Subtract:
                    gPre = gMem;
                    gR = -theta * gMem;
                    gTheta -= r * gMem;
                    break;
                case ResetMode.Zero:
                    gPre = (1 - r) * gMem;
                    gR = -pre * gMem;
                    break;
                case ResetMode.ToValue:
                    gPre = (1 - r) * gMem;
                    gR = (_config.ResetValue - pre) * gMem;
                    break;
                default:
                    gPre = gMem;
                    gR = 0;
                    break;
            }
            gPrevious = beta * gPre + gR * dr;
            gTheta -= gR * dr;
        }
        double gSyn = gSNew[0] + gPre;
        gS[0] = alpha * gSyn;
        gS[1] = gPrevious;
        gFf[0] = gRec[0] = gSyn;
        gP[0] += p[0] > 0.0 && p[0] < 1.0 ? gSyn * s[0] : 0.0;
        gP[1] += p[1] > 0.0 && p[1] < 1.0 ? gPre * s[1] : 0.0;
        gP[2] += gTheta;
    }

    private double NextStepReset(double pre, double r, double theta) => _config.Reset switch
    {
        ResetMode.Subtract => pre - r * theta,
        ResetMode.Zero => (1 - r) * pre,
        ResetMode.ToValue => (1 - r) * pre + r * _config.ResetValue,
        _ => pre,
    };
}
