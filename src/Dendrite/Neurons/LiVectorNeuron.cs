using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dendrite.Neurons;

/// <summary><see cref="LiModel"/> on 8 neurons at once (see <see cref="IVectorNeuron"/>).</summary>
internal readonly struct LiVectorNeuron : IVectorNeuron
{
    private readonly bool _decay;
    private readonly double[] _factor;
    private readonly double[] _parameter;
    private readonly double[] _mask;
    private readonly double _dt;

    /// <summary><paramref name="parameters"/> is [1, N]: τ (decay form) or β (leaky form) per neuron.</summary>
    public LiVectorNeuron(LiParameters config, ReadOnlySpan<double> parameters, int neurons)
    {
        _decay = config.Form == LiForm.Decay;
        _dt = config.Dt;
        _parameter = parameters.Slice(0, neurons).ToArray();
        _factor = new double[neurons];
        _mask = new double[neurons];
        for (int n = 0; n < neurons; n++)
        {
            double p = _parameter[n];
            // The decay factor per neuron, once: the model's exp(−Δt/τ) is the same for every step.
            _factor[n] = _decay ? Math.Exp(-_dt / p) : Math.Clamp(p, 0.0, 1.0);
            _mask[n] = p > 0.0 && p < 1.0 ? 1.0 : 0.0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Step(int n, Vector512<double> x, Vector512<double> previous, out Vector512<double> next)
    {
        Vector512<double> factor = Vector512.Create(_factor.AsSpan(n, 8));
        next = _decay ? factor * previous + (Vector512<double>.One - factor) * x : factor * previous + x;
        return next;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Backward(int n, Vector512<double> x, Vector512<double> previous, Vector512<double> gY, Vector512<double> gNext,
        out Vector512<double> gPrevious, out Vector512<double> gP0, out Vector512<double> gP1)
    {
        Vector512<double> factor = Vector512.Create(_factor.AsSpan(n, 8));
        Vector512<double> gU = gNext + gY;
        gP1 = Vector512<double>.Zero;
        gPrevious = factor * gU;
        if (_decay)
        {
            Vector512<double> tau = Vector512.Create(_parameter.AsSpan(n, 8));
            // dα/dτ = α·Δt/τ², grouped as LiModel.Backward does.
            gP0 = gU * (previous - x) * factor * Vector512.Create(_dt) / (tau * tau);
            return (Vector512<double>.One - factor) * gU;
        }
        // The leaky form's β gradient is masked where β is clamped (the model adds 0.0 there).
        gP0 = Vector512.ConditionalSelect(Vector512.Equals(Vector512.Create(_mask.AsSpan(n, 8)), Vector512<double>.One), gU * previous, Vector512<double>.Zero);
        return gU;
    }
}
