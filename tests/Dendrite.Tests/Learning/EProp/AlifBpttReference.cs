namespace Dendrite.Tests.Learning.EProp;

/// <summary>
/// A hand-written float64 BPTT for the e-prop reference network of learning.md §11.2, independent of the library's
/// neuron code: a^t = ρa + z^{t−1}; v^t = αv + W_in·x^t + W_rec·z^{t−1} − thr·z^{t−1}; u = (v − thr − β·a)/thr;
/// z = H(u); ψ = γ·max(0, 1 − |u|)/thr; y^t = κ·y^{t−1} + W_out·z^t; E = ½·Σ_t ‖y^t − y*^t‖².
/// </summary>
internal sealed record AlifBpttReference(int Inputs, int Neurons, int Outputs, double Alpha, double Rho, double Kappa,
    double Threshold, double Gamma, double[] Beta, bool DetachReset)
{
    /// <summary>Gradients of E and the exact learning signal dE/dz^t as an output (readout and recurrent paths only) [T, B, N].</summary>
    public (double[] Input, double[] Recurrent, double[] Readout, double[] Signal) Gradients(
        double[] wIn, double[]? wRec, double[] wOut, float[] x, double[] target, int steps, int batch)
    {
        int n = Neurons;
        var gIn = new double[n * Inputs];
        var gRec = new double[n * n];
        var gOut = new double[Outputs * n];
        var signal = new double[steps * batch * n];
        for (int b = 0; b < batch; b++)
        {
            var u = new double[steps, n];
            var z = new double[steps + 1, n]; // z[t + 1] is the spike of step t; z[0] = 0
            var y = new double[steps, Outputs];
            var v = new double[n];
            var a = new double[n];
            var yPrev = new double[Outputs];
            for (int t = 0; t < steps; t++)
            {
                for (int j = 0; j < n; j++)
                {
                    double current = 0;
                    for (int i = 0; i < Inputs; i++)
                    {
                        current += wIn[j * Inputs + i] * x[(t * batch + b) * Inputs + i];
                    }
                    for (int m = 0; wRec is not null && m < n; m++)
                    {
                        current += wRec[j * n + m] * z[t, m];
                    }
                    a[j] = Rho * a[j] + z[t, j];
                    v[j] = Alpha * v[j] + current - Threshold * z[t, j];
                    u[t, j] = (v[j] - Threshold - Beta[j] * a[j]) / Threshold;
                    z[t + 1, j] = u[t, j] > 0 ? 1.0 : 0.0;
                }
                for (int k = 0; k < Outputs; k++)
                {
                    double drive = 0;
                    for (int j = 0; j < n; j++)
                    {
                        drive += wOut[k * n + j] * z[t + 1, j];
                    }
                    y[t, k] = yPrev[k] = Kappa * yPrev[k] + drive;
                }
            }
            var gyNext = new double[Outputs];
            var gvNext = new double[n];
            var gaNext = new double[n];
            for (int t = steps - 1; t >= 0; t--)
            {
                var gy = new double[Outputs];
                for (int k = 0; k < Outputs; k++)
                {
                    gy[k] = y[t, k] - target[(t * batch + b) * Outputs + k] + Kappa * gyNext[k];
                    for (int j = 0; j < n; j++)
                    {
                        gOut[k * n + j] += gy[k] * z[t + 1, j];
                    }
                }
                var gv = new double[n];
                var ga = new double[n];
                for (int j = 0; j < n; j++)
                {
                    double output = 0;
                    for (int k = 0; k < Outputs; k++)
                    {
                        output += wOut[k * n + j] * gy[k];
                    }
                    for (int m = 0; wRec is not null && m < n; m++)
                    {
                        output += wRec[m * n + j] * gvNext[m];
                    }
                    signal[(t * batch + b) * n + j] = output;
                    double gz = output + gaNext[j] - (DetachReset ? 0.0 : Threshold * gvNext[j]);
                    double gu = gz * Gamma * Math.Max(0.0, 1.0 - Math.Abs(u[t, j]));
                    gv[j] = gu / Threshold + Alpha * gvNext[j];
                    ga[j] = -Beta[j] * gu / Threshold + Rho * gaNext[j];
                    for (int i = 0; i < Inputs; i++)
                    {
                        gIn[j * Inputs + i] += gv[j] * x[(t * batch + b) * Inputs + i];
                    }
                    for (int m = 0; m < n; m++)
                    {
                        gRec[j * n + m] += gv[j] * z[t, m];
                    }
                }
                (gyNext, gvNext, gaNext) = (gy, gv, ga);
            }
        }
        return (gIn, gRec, gOut, signal);
    }
}
