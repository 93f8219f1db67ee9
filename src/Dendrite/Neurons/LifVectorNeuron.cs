using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dendrite.Neurons;

/// <summary><see cref="LifModel"/> on 8 neurons at once (see <see cref="IVectorNeuron"/>); Heaviside spikes only.</summary>
internal readonly struct LifVectorNeuron : IVectorNeuron
{
    private readonly double[] _beta;
    private readonly double[] _betaMask;
    private readonly double[] _theta;
    private readonly VectorSurrogate _surrogate;
    private readonly ResetMode _reset;
    private readonly bool _nextStep;
    private readonly bool _detach;
    private readonly bool _greaterOrEqual;
    private readonly Vector512<double> _resetValue;

    /// <summary><paramref name="parameters"/> is [2, N]: β then θ per neuron, as the model reads them.</summary>
    public LifVectorNeuron(LifParameters config, ReadOnlySpan<double> parameters, int neurons)
    {
        _beta = new double[neurons];
        _betaMask = new double[neurons];
        _theta = parameters.Slice(neurons, neurons).ToArray();
        for (int n = 0; n < neurons; n++)
        {
            double beta = parameters[n];
            _beta[n] = Math.Clamp(beta, 0.0, 1.0);
            _betaMask[n] = beta > 0.0 && beta < 1.0 ? 1.0 : 0.0;
        }
        _surrogate = new VectorSurrogate(config.Surrogate);
        _reset = config.Reset;
        _nextStep = config.Timing == ResetTiming.NextStep;
        _detach = config.DetachReset;
        _greaterOrEqual = config.Comparison == SpikeComparison.GreaterOrEqual;
        _resetValue = Vector512.Create(config.ResetValue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Step(int n, Vector512<double> x, Vector512<double> previous, out Vector512<double> next)
    {
        Vector512<double> beta = Vector512.Create(_beta.AsSpan(n, 8));
        Vector512<double> theta = Vector512.Create(_theta.AsSpan(n, 8));
        Vector512<double> one = Vector512<double>.One;
        if (_nextStep)
        {
            Vector512<double> r = Spike(previous - theta);
            next = _reset switch
            {
                ResetMode.Subtract => beta * previous + x - r * theta,
                ResetMode.Zero => beta * ((one - r) * previous) + x,
                ResetMode.ToValue => beta * ((one - r) * previous + r * _resetValue) + x,
                _ => beta * previous + x,
            };
            return Spike(next - theta);
        }
        Vector512<double> pre = beta * previous + x;
        Vector512<double> y = Spike(pre - theta);
        next = _reset switch
        {
            ResetMode.Subtract => pre - y * theta,
            ResetMode.Zero => pre * (one - y),
            ResetMode.ToValue => pre * (one - y) + y * _resetValue,
            _ => pre,
        };
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Backward(int n, Vector512<double> x, Vector512<double> previous, Vector512<double> gY, Vector512<double> gNext,
        out Vector512<double> gPrevious, out Vector512<double> gP0, out Vector512<double> gP1)
    {
        Vector512<double> beta = Vector512.Create(_beta.AsSpan(n, 8));
        Vector512<double> theta = Vector512.Create(_theta.AsSpan(n, 8));
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> zero = Vector512<double>.Zero;
        Vector512<double> gTheta = zero;
        Vector512<double> gPre;
        Vector512<double> gBeta;
        if (_nextStep)
        {
            Vector512<double> r = Spike(previous - theta);
            Vector512<double> dr = _detach ? zero : _surrogate.Derivative(previous - theta);
            Vector512<double> u = _reset switch
            {
                ResetMode.Subtract => beta * previous + x - r * theta,
                ResetMode.Zero => beta * ((one - r) * previous) + x,
                ResetMode.ToValue => beta * ((one - r) * previous + r * _resetValue) + x,
                _ => beta * previous + x,
            };
            Vector512<double> dy = _surrogate.Derivative(u - theta);
            Vector512<double> gU = gNext + gY * dy;
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
                    gPrevious = gU * (beta * (one - r) - beta * previous * dr);
                    gBeta = gU * (one - r) * previous;
                    gTheta += gU * beta * previous * dr;
                    break;
                case ResetMode.ToValue:
                    gPrevious = gU * (beta * (one - r) + beta * (_resetValue - previous) * dr);
                    gBeta = gU * ((one - r) * previous + r * _resetValue);
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
            Vector512<double> pre = beta * previous + x;
            Vector512<double> y = Spike(pre - theta);
            Vector512<double> dy = _surrogate.Derivative(pre - theta);
            Vector512<double> gSpike = gY;
            switch (_reset)
            {
                case ResetMode.Subtract:
                    gPre = gNext;
                    gSpike += _detach ? zero : -gNext * theta;
                    gTheta -= gNext * y;
                    break;
                case ResetMode.Zero:
                    gPre = gNext * (one - y);
                    gSpike += _detach ? zero : -gNext * pre;
                    break;
                case ResetMode.ToValue:
                    gPre = gNext * (one - y);
                    gSpike += _detach ? zero : gNext * (_resetValue - pre);
                    break;
                default:
                    gPre = gNext;
                    break;
            }
            gPre += gSpike * dy;
            gTheta -= gSpike * dy;
            gPrevious = gPre * beta;
            gBeta = gPre * previous;
        }
        gP0 = gBeta * Vector512.Create(_betaMask.AsSpan(n, 8));
        gP1 = gTheta;
        return gPre;
    }

    /// <summary>The Heaviside step under the comparison: 1.0 where it fires, else 0.0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<double> Spike(Vector512<double> distance)
    {
        Vector512<double> fires = _greaterOrEqual
            ? Vector512.GreaterThanOrEqual(distance, Vector512<double>.Zero)
            : Vector512.GreaterThan(distance, Vector512<double>.Zero);
        return fires & Vector512<double>.One;
    }
}
