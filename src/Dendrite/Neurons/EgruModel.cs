namespace Dendrite.Neurons;

/// <summary>
/// EGRU cell (see <see cref="EgruParameters"/>). Currents per neuron: [z, r, g] from the input projection (W·x + b_x) and the
/// recurrence (R·y_{t−1} + b_r). p = [ϑ]; s = [h]; output y = e·c.
/// </summary>
public readonly struct EgruModel(EgruParameters parameters, SpikeFunctionMode mode = SpikeFunctionMode.Heaviside) : INeuronModel
{
    private readonly SpikeFunction _spike = new(parameters.Surrogate, parameters.Comparison, mode);

    public int Currents => 3;

    public int StateSize => 1;

    public int OutputState => -1;

    public int ParameterCount => 1;

    public static double ClampThreshold(double threshold) => Math.Clamp(threshold, 0.0, 1.0);

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double threshold = ClampThreshold(p[0]);
        double z = Sigmoid(ff[0] + rec[0]);
        double r = Sigmoid(ff[1] + rec[1]);
        double g = Math.Tanh(ff[2] + r * rec[2]);
        double c = z * s[0] + (1 - z) * g;
        double e = _spike.Value(c - threshold);
        sNew[0] = c - e * threshold;
        return e * c;
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double threshold = ClampThreshold(p[0]);
        double z = Sigmoid(ff[0] + rec[0]);
        double r = Sigmoid(ff[1] + rec[1]);
        double g = Math.Tanh(ff[2] + r * rec[2]);
        double h = s[0];
        double c = z * h + (1 - z) * g;
        double e = _spike.Value(c - threshold);
        double de = _spike.Derivative(c - threshold);
        // h' = c − e·ϑ and y = e·c; the reset is not detached (EvNN's backward includes −ϑ·dh).
        double gH = gSNew[0];
        double gE = -threshold * gH + c * gY;
        double gC = gH + e * gY + gE * de;
        double gThreshold = -e * gH - gE * de;
        double gZ = gC * (h - g);
        double gG = gC * (1 - z);
        gS[0] = gC * z;
        double gGPre = gG * (1 - g * g);
        double gR = gGPre * rec[2];
        double gZPre = gZ * z * (1 - z);
        double gRPre = gR * r * (1 - r);
        gFf[0] = gRec[0] = gZPre;
        gFf[1] = gRec[1] = gRPre;
        gFf[2] = gGPre;
        gRec[2] = gGPre * r;
        gP[0] += p[0] > 0.0 && p[0] < 1.0 ? gThreshold : 0.0;
    }

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
