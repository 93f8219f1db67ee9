namespace Dendrite.Neurons;

/// <summary>
/// LIF per-neuron dynamics (see <see cref="LifParameters"/>). Parameters p = [β, θ]; state s = [U].
/// </summary>
public readonly struct LifModel(LifParameters parameters, SpikeFunctionMode mode = SpikeFunctionMode.Heaviside) : INeuronModel
{
    private readonly SpikeFunction _spike = new(parameters.Surrogate, parameters.Comparison, mode);
    private readonly ResetMode _reset = parameters.Reset;
    private readonly ResetTiming _timing = parameters.Timing;
    private readonly bool _detach = parameters.DetachReset;
    private readonly double _resetValue = parameters.ResetValue;

    /// <summary>The configuration, for the vectorised sequence kernel.</summary>
    internal LifParameters Config { get; } = parameters;

    /// <summary>True for Heaviside spikes (the vectorised kernel's case), false in smooth mode.</summary>
    internal bool IsHeaviside { get; } = mode == SpikeFunctionMode.Heaviside;

    public int Currents => 1;

    public int StateSize => 1;

    public int OutputState => -1;

    public int ParameterCount => 2;

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double beta = Math.Clamp(p[0], 0.0, 1.0);
        double theta = p[1];
        double x = ff[0] + rec[0];
        double previous = s[0];
        if (_timing == ResetTiming.NextStep)
        {
            // The reset comes from the previous membrane (snnTorch reset_delay=True).
            double r = _spike.Value(previous - theta);
            double u = _reset switch
            {
                ResetMode.Subtract => beta * previous + x - r * theta,
                ResetMode.Zero => beta * ((1 - r) * previous) + x,
                ResetMode.ToValue => beta * ((1 - r) * previous + r * _resetValue) + x,
                _ => beta * previous + x,
            };
            sNew[0] = u;
            return _spike.Value(u - theta);
        }
        double pre = beta * previous + x;
        double y = _spike.Value(pre - theta);
        sNew[0] = _reset switch
        {
            ResetMode.Subtract => pre - y * theta,
            ResetMode.Zero => pre * (1 - y),
            ResetMode.ToValue => pre * (1 - y) + y * _resetValue,
            _ => pre,
        };
        return y;
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double beta = Math.Clamp(p[0], 0.0, 1.0);
        double betaMask = p[0] > 0.0 && p[0] < 1.0 ? 1.0 : 0.0;
        double theta = p[1];
        double x = ff[0] + rec[0];
        double previous = s[0];
        double gTheta = 0;
        double gPre;
        double gBeta;
        double gPrevious;
        if (_timing == ResetTiming.NextStep)
        {
            double r = _spike.Value(previous - theta);
            double dr = _detach ? 0.0 : _spike.Derivative(previous - theta);
            double u = _reset switch
            {
                ResetMode.Subtract => beta * previous + x - r * theta,
                ResetMode.Zero => beta * ((1 - r) * previous) + x,
                ResetMode.ToValue => beta * ((1 - r) * previous + r * _resetValue) + x,
                _ => beta * previous + x,
            };
            double dy = _spike.Derivative(u - theta);
            double gU = gSNew[0] + gY * dy;
            gTheta -= gY * dy;
            gPre = gU;
            switch (_reset)
            {
                case ResetMode.Subtract:
                    gPrevious = gU * (beta - theta * dr);
                    gBeta = gU * previous;
                    gTheta += gU * (-r + theta * dr);
                    break;
                case ResetMode.Zero:
                    gPrevious = gU * (beta * (1 - r) - beta * previous * dr);
                    gBeta = gU * (1 - r) * previous;
                    gTheta += gU * beta * previous * dr;
                    break;
                case ResetMode.ToValue:
                    gPrevious = gU * (beta * (1 - r) + beta * (_resetValue - previous) * dr);
                    gBeta = gU * ((1 - r) * previous + r * _resetValue);
                    gTheta -= gU * beta * (_resetValue - previous) * dr;
                    break;
                default:
                    gPrevious = gU * beta;
                    gBeta = gU * previous;
                    break;
            }
        }
        else
        {
            double pre = beta * previous + x;
            double y = _spike.Value(pre - theta);
            double dy = _spike.Derivative(pre - theta);
            double gNew = gSNew[0];
            double gSpike = gY;
            switch (_reset)
            {
                case ResetMode.Subtract:
                    gPre = gNew;
                    gSpike += _detach ? 0.0 : -gNew * theta;
                    gTheta -= gNew * y;
                    break;
                case ResetMode.Zero:
                    gPre = gNew * (1 - y);
                    gSpike += _detach ? 0.0 : -gNew * pre;
                    break;
                case ResetMode.ToValue:
                    gPre = gNew * (1 - y);
                    gSpike += _detach ? 0.0 : gNew * (_resetValue - pre);
                    break;
                default:
                    gPre = gNew;
                    break;
            }
            gPre += gSpike * dy;
            gTheta -= gSpike * dy;
            gPrevious = gPre * beta;
            gBeta = gPre * previous;
        }
        gS[0] = gPrevious;
        gFf[0] = gPre;
        gRec[0] = gPre;
        gP[0] += gBeta * betaMask;
        gP[1] += gTheta;
    }
}
