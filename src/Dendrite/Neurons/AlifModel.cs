namespace Dendrite.Neurons;

/// <summary>
/// ALIF dynamics (see <see cref="AlifParameters"/> and <see cref="AlifVariant"/>). p = [τ_m, τ_adp, θ0, β]; s = [v, a, z_prev].
/// The previous spike is state because adaptation and next-step resets read it.
/// </summary>
public readonly struct AlifModel(AlifParameters parameters, SpikeFunctionMode mode = SpikeFunctionMode.Heaviside) : INeuronModel
{
    private readonly SpikeFunction _spike = new(parameters.Surrogate, parameters.Comparison, mode);
    private readonly AlifVariant _variant = parameters.Variant;
    private readonly double _dt = parameters.Dt;
    private readonly bool _detach = parameters.DetachReset;

    public int Currents => 1;

    public int StateSize => 3;

    public int OutputState => 2;

    public int ParameterCount => 4;

    public double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew)
    {
        double x = ff[0] + rec[0];
        double alpha = Math.Exp(-_dt / p[0]);
        double rho = Math.Exp(-_dt / p[1]);
        double theta0 = p[2];
        double beta = p[3];
        double v = s[0];
        double a = s[1];
        double zPrevious = s[2];
        double z;
        switch (_variant)
        {
            case AlifVariant.Yin2021:
            {
                double aNew = rho * a + (1 - rho) * zPrevious;
                double threshold = theta0 + beta * aNew;
                double u = alpha * v + (1 - alpha) * x;
                z = _spike.Value(u - threshold);
                sNew[0] = u - z * threshold;
                sNew[1] = aNew;
                break;
            }
            case AlifVariant.Yin2021Original:
            {
                double bNew = rho * a + (1 - rho) * zPrevious;
                double threshold = theta0 + beta * bNew;
                double mem = alpha * v + (1 - alpha) * x - threshold * zPrevious * _dt;
                z = _spike.Value(mem - threshold);
                sNew[0] = mem;
                sNew[1] = bNew;
                break;
            }
            case AlifVariant.Bellec2020EProp:
            {
                double bNew = rho * a + zPrevious;
                double vNew = alpha * v + x - zPrevious * theta0;
                double threshold = theta0 + beta * bNew;
                z = _spike.Value((vNew - threshold) / theta0);
                sNew[0] = vNew;
                sNew[1] = bNew;
                break;
            }
            default:
            {
                double bNew = rho * a + (1 - rho) * zPrevious;
                double threshold = theta0 + beta * bNew;
                z = _spike.Value((v - threshold) / threshold);
                sNew[0] = alpha * v + (1 - alpha) * x - zPrevious * threshold * _dt;
                sNew[1] = bNew;
                break;
            }
        }
        sNew[2] = z;
        return z;
    }

    public void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP)
    {
        double x = ff[0] + rec[0];
        double alpha = Math.Exp(-_dt / p[0]);
        double rho = Math.Exp(-_dt / p[1]);
        double theta0 = p[2];
        double beta = p[3];
        double v = s[0];
        double a = s[1];
        double zPrevious = s[2];
        // The spike's total gradient: the output, and the next step's z_prev.
        double gZ = gY + gSNew[2];
        double gV;
        double gX;
        double gAlpha;
        double gThreshold;
        double gZPrevious = 0;
        double gTheta0 = 0;
        double aNew;
        switch (_variant)
        {
            case AlifVariant.Yin2021:
            {
                aNew = rho * a + (1 - rho) * zPrevious;
                double threshold = theta0 + beta * aNew;
                double u = alpha * v + (1 - alpha) * x;
                double z = _spike.Value(u - threshold);
                double dz = _spike.Derivative(u - threshold);
                double gU = gSNew[0];
                gThreshold = -z * gSNew[0];
                gZ += _detach ? 0.0 : -threshold * gSNew[0];
                gU += gZ * dz;
                gThreshold -= gZ * dz;
                gV = alpha * gU;
                gX = (1 - alpha) * gU;
                gAlpha = gU * (v - x);
                break;
            }
            case AlifVariant.Yin2021Original:
            {
                aNew = rho * a + (1 - rho) * zPrevious;
                double threshold = theta0 + beta * aNew;
                double mem = alpha * v + (1 - alpha) * x - threshold * zPrevious * _dt;
                double dz = _spike.Derivative(mem - threshold);
                double gMem = gSNew[0] + gZ * dz;
                gThreshold = -gZ * dz - zPrevious * _dt * gMem;
                gZPrevious += _detach ? 0.0 : -threshold * _dt * gMem;
                gV = alpha * gMem;
                gX = (1 - alpha) * gMem;
                gAlpha = gMem * (v - x);
                break;
            }
            case AlifVariant.Bellec2020EProp:
            {
                aNew = rho * a + zPrevious;
                double vNew = alpha * v + x - zPrevious * theta0;
                double threshold = theta0 + beta * aNew;
                double scaled = (vNew - threshold) / theta0;
                double gScaled = gZ * _spike.Derivative(scaled);
                double gVNew = gSNew[0] + gScaled / theta0;
                gThreshold = -gScaled / theta0;
                gTheta0 -= gScaled * (vNew - threshold) / (theta0 * theta0);
                gTheta0 -= zPrevious * gVNew;
                gZPrevious += _detach ? 0.0 : -theta0 * gVNew;
                gV = alpha * gVNew;
                gX = gVNew;
                gAlpha = gVNew * v;
                break;
            }
            default:
            {
                aNew = rho * a + (1 - rho) * zPrevious;
                double threshold = theta0 + beta * aNew;
                double scaled = (v - threshold) / threshold;
                double gScaled = gZ * _spike.Derivative(scaled);
                double gVNew = gSNew[0];
                gThreshold = -gScaled * v / (threshold * threshold) - zPrevious * _dt * gVNew;
                gZPrevious += _detach ? 0.0 : -threshold * _dt * gVNew;
                gV = alpha * gVNew + gScaled / threshold;
                gX = (1 - alpha) * gVNew;
                gAlpha = gVNew * (v - x);
                break;
            }
        }
        // threshold = θ0 + β·a_new.
        gTheta0 += gThreshold;
        double gBeta = gThreshold * aNew;
        double gANew = gSNew[1] + gThreshold * beta;
        double gRho;
        if (_variant == AlifVariant.Bellec2020EProp)
        {
            gZPrevious += gANew;
            gRho = gANew * a;
        }
        else
        {
            gZPrevious += (1 - rho) * gANew;
            gRho = gANew * (a - zPrevious);
        }
        gS[0] = gV;
        gS[1] = rho * gANew;
        gS[2] = gZPrevious;
        gFf[0] = gRec[0] = gX;
        // dα/dτ = α·Δt/τ², likewise ρ.
        gP[0] += gAlpha * alpha * _dt / (p[0] * p[0]);
        gP[1] += gRho * rho * _dt / (p[1] * p[1]);
        gP[2] += gTheta0;
        gP[3] += gBeta;
    }
}
