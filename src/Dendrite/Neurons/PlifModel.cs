namespace Dendrite.Neurons;

/// <summary>PLIF dynamics (see <see cref="PlifParameters"/>). p = [w, θ]; s = [V].</summary>
public readonly struct PlifModel(PlifParameters parameters, SpikeFunctionMode mode = SpikeFunctionMode.Heaviside) : INeuronModel
{
    private readonly SpikeFunction _spike = new(parameters.Surrogate, parameters.Comparison, mode);
    private readonly bool _decayInput = parameters.DecayInput;
    private readonly bool _detach = parameters.DetachReset;
    private readonly ResetMode _reset = parameters.ResetValue is null ? ResetMode.Subtract : ResetMode.ToValue;
    private readonly double _resetValue = parameters.ResetValue ?? 0.0;

    public int Currents => 1;

    public int StateSize => 1;

    public int OutputState => -1;

    public int ParameterCount => 2;

    public static double InverseTau(double w) => 1.0 / (1.0 + Math.Exp(-w));

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double charged = Charge(InverseTau(p[0]), ff[0] + rec[0], s[0]);
        double spike = _spike.Value(charged - p[1]);
        sNew[0] = SameStepReset.Apply(_reset, charged, spike, p[1], _resetValue);
        return spike;
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double k = InverseTau(p[0]);
        double x = ff[0] + rec[0];
        double v = s[0];
        double charged = Charge(k, x, v);
        double spike = _spike.Value(charged - p[1]);
        double gTheta = 0;
        double gH = SameStepReset.Backward(_reset, _detach, charged, spike, _spike.Derivative(charged - p[1]), p[1], _resetValue, gSNew[0], gY, ref gTheta);
        double chargeReset = _reset == ResetMode.ToValue ? _resetValue : 0.0;
        gS[0] = gH * (1 - k);
        gFf[0] = gRec[0] = _decayInput ? gH * k : gH;
        double gK = _decayInput ? gH * (x - (v - chargeReset)) : -gH * (v - chargeReset);
        gP[0] += gK * k * (1 - k);
        gP[1] += gTheta;
    }

    private double Charge(double k, double x, double v)
    {
        // The soft reset has no v_reset; SpikingJelly then charges toward 0.
        double rest = _reset == ResetMode.ToValue ? _resetValue : 0.0;
        return _decayInput ? v + (x - (v - rest)) * k : v - (v - rest) * k + x;
    }
}
