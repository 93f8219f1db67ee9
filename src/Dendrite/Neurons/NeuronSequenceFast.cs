using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Dendrite.Kernels;

namespace Dendrite.Neurons;

/// <summary>
/// The vectorised float path of <see cref="NeuronSequence"/> for one-current, one-state models (LIF/IF, LI): 8 neurons per
/// vector in double, batch rows in parallel, recurrence event-driven. Same layouts and results as the reference loop.
/// </summary>
/// <remarks>
/// A batch row's recurrence depends only on its own previous outputs, so each thread runs whole rows through all T steps
/// without synchronising. The recurrent currents add only the weight rows of units that spiked at t − 1, and the backward's
/// dL/d(previous output) adds only the weight rows of units with a nonzero current gradient (all but a few with a
/// bounded-support surrogate). Per-neuron math is the model's own, operation for operation (<see cref="IVectorNeuron"/>);
/// the recurrent sums may round differently from the reference's GEMM, so results agree to float tolerance.
/// Neurons past the last multiple of 8 run the model's scalar step.
/// </remarks>
internal sealed unsafe class NeuronSequenceFast<TVector, TModel> : VectorSequence
    where TVector : struct, IVectorNeuron
    where TModel : INeuronModel
{
    private const int Lanes = 8;

    // Below about this many neuron-steps one thread is faster than waking the others.
    private const long ParallelMinWork = 1 << 15;

    private readonly TVector _vector;
    private readonly TModel _model;
    private readonly double[] _parameters;
    private readonly int _steps;
    private readonly int _batch;
    private readonly int _neurons;
    private readonly bool _outputIsState;

    public NeuronSequenceFast(TVector vector, TModel model, ReadOnlySpan<double> parameters, int steps, int batch, int neurons)
    {
        _vector = vector;
        _model = model;
        _parameters = parameters.ToArray();
        _steps = steps;
        _batch = batch;
        _neurons = neurons;
        _outputIsState = model.OutputState == 0;
    }


    private int RowLength => _batch * _neurons;

    public override void Forward() => ParallelRanges.Run(_batch, (long)_steps * _batch * _neurons, ParallelMinWork, ForwardRows);

    public override double[] Backward()
    {
        var perRow = new double[_batch * 2 * _neurons];
        ParallelRanges.Run(_batch, (long)_steps * _batch * _neurons, ParallelMinWork, (begin, end) => BackwardRows(begin, end, perRow));
        var sum = new double[2 * _neurons];
        for (int b = 0; b < _batch; b++)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += perRow[b * sum.Length + i];
            }
        }
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardRows(int begin, int end)
    {
        int neurons = _neurons;
        var recurrent = new float[neurons];
        for (int b = begin; b < end; b++)
        {
            for (int t = 0; t < _steps; t++)
            {
                long at = (long)t * RowLength + b * neurons;
                RecurrentCurrents(t, b, recurrent);
                float* previous = Previous(t, b);
                float* next = t == _steps - 1 ? FinalState + b * neurons : _outputIsState ? null : States + at;
                int n = 0;
                for (; n + Lanes <= neurons; n += Lanes)
                {
                    Vector512<double> x = Load(Ff + at + n) + LoadOrZero(recurrent, n);
                    Vector512<double> y = _vector.Step(n, x, Load(previous + n), out Vector512<double> state);
                    Store(y, Output + at + n);
                    if (next != null)
                    {
                        Store(state, next + n);
                    }
                }
                for (; n < neurons; n++)
                {
                    double state = ScalarStep(n, Ff[at + n], Weight == null ? 0.0 : recurrent[n], previous[n], out double y);
                    Output[at + n] = (float)y;
                    if (next != null)
                    {
                        next[n] = (float)state;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardRows(int begin, int end, double[] parameterGradients)
    {
        int neurons = _neurons;
        var recurrent = new float[neurons];
        var gradState = new double[neurons];
        var gradCarry = new double[neurons];
        var carry = new float[neurons];
        for (int b = begin; b < end; b++)
        {
            for (int n = 0; n < neurons; n++)
            {
                gradState[n] = GradFinalState == null ? 0.0 : GradFinalState[b * neurons + n];
                gradCarry[n] = 0.0;
            }
            Span<double> gp = parameterGradients.AsSpan(b * 2 * neurons, 2 * neurons);
            for (int t = _steps - 1; t >= 0; t--)
            {
                if (Truncation > 0 && t < _steps - 1 && (t + 1) % Truncation == 0)
                {
                    Array.Clear(gradState);
                    Array.Clear(gradCarry);
                }
                long at = (long)t * RowLength + b * neurons;
                RecurrentCurrents(t, b, recurrent);
                float* previous = Previous(t, b);
                int n = 0;
                fixed (double* gs = gradState, gc = gradCarry, g = gp)
                {
                    for (; n + Lanes <= neurons; n += Lanes)
                    {
                        Vector512<double> x = Load(Ff + at + n) + LoadOrZero(recurrent, n);
                        Vector512<double> gy = Vector512.Load(gc + n) + (GradOutput == null ? Vector512<double>.Zero : Load(GradOutput + at + n));
                        Vector512<double> gPre = _vector.Backward(n, x, Load(previous + n), gy, Vector512.Load(gs + n),
                            out Vector512<double> gPrevious, out Vector512<double> gp0, out Vector512<double> gp1);
                        gPrevious.Store(gs + n);
                        Store(gPre, GradFf + at + n);
                        (Vector512.Load(g + n) + gp0).Store(g + n);
                        (Vector512.Load(g + neurons + n) + gp1).Store(g + neurons + n);
                    }
                }
                for (; n < neurons; n++)
                {
                    double gy = gradCarry[n] + (GradOutput == null ? 0.0 : GradOutput[at + n]);
                    GradFf[at + n] = (float)ScalarBackward(n, Ff[at + n], Weight == null ? 0.0 : recurrent[n], previous[n], gy, ref gradState[n], ref gp[n], ref gp[neurons + n]);
                }
                if (Weight != null)
                {
                    // dL/d(output of step t − 1) = dL/d(rec_t)·W_rec over the units with a nonzero current gradient.
                    Array.Clear(carry);
                    EventAccumulation.AddScaledRows(new ReadOnlySpan<float>(GradFf + at, neurons), Weight, neurons, carry);
                    for (int i = 0; i < neurons; i++)
                    {
                        gradCarry[i] = carry[i];
                    }
                }
            }
            for (int n = 0; n < neurons; n++)
            {
                GradInitialState[b * neurons + n] = (float)gradState[n];
                GradInitialOutput[b * neurons + n] = (float)gradCarry[n];
            }
        }
    }

    /// <summary>The state of row b before step t: the initial state, or the stored state (or output) of step t − 1.</summary>
    private float* Previous(int t, int b) => t == 0
        ? InitialState + b * _neurons
        : (_outputIsState ? Output : States) + (long)(t - 1) * RowLength + b * _neurons;

    /// <summary>rec = y_{t−1}·W_recᵀ + b_rec for row b, adding only the rows of units that spiked.</summary>
    private void RecurrentCurrents(int t, int b, float[] destination)
    {
        if (Weight == null)
        {
            return;
        }
        Array.Clear(destination);
        float* previous = t == 0 ? InitialOutput + b * _neurons : Output + (long)(t - 1) * RowLength + b * _neurons;
        EventAccumulation.AddScaledRows(new ReadOnlySpan<float>(previous, _neurons), WeightTransposed, _neurons, destination);
        if (Bias != null)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] += Bias[i];
            }
        }
    }

    private Vector512<double> LoadOrZero(float[] recurrent, int n)
    {
        if (Weight == null)
        {
            // The reference adds a zero recurrent current; x + 0.0 keeps it bit-identical (it turns −0 into +0).
            return Vector512<double>.Zero;
        }
        fixed (float* r = recurrent)
        {
            return Load(r + n);
        }
    }

    private double ScalarStep(int n, double ff, double rec, double previous, out double y)
    {
        Span<double> p = [_parameters[n], _parameters.Length > _neurons ? _parameters[_neurons + n] : 0.0];
        Span<double> next = stackalloc double[1];
        y = _model.Step(p[.._model.ParameterCount], [ff], [rec], [previous], next);
        return next[0];
    }

    private double ScalarBackward(int n, double ff, double rec, double previous, double gy, ref double gradState, ref double gp0, ref double gp1)
    {
        Span<double> p = [_parameters[n], _parameters.Length > _neurons ? _parameters[_neurons + n] : 0.0];
        Span<double> gs = stackalloc double[1];
        Span<double> gFf = stackalloc double[1];
        Span<double> gRec = stackalloc double[1];
        Span<double> gp = [0.0, 0.0];
        int count = _model.ParameterCount;
        _model.Backward(p[..count], [ff], [rec], [previous], gy, [gradState], gs, gFf, gRec, gp[..count]);
        gradState = gs[0];
        gp0 += gp[0];
        gp1 += gp[1];
        return gFf[0];
    }

    private static Vector512<double> Load(float* source)
    {
        Vector256<float> values = Vector256.Load(source);
        return Vector512.Create(Vector256.WidenLower(values), Vector256.WidenUpper(values));
    }

    private static void Store(Vector512<double> values, float* destination) =>
        Vector256.Narrow(values.GetLower(), values.GetUpper()).Store(destination);
}

/// <summary>A vectorised sequence kernel over pinned buffers; layouts as <see cref="NeuronSequence"/>, null for absent ones.</summary>
internal abstract unsafe class VectorSequence
{
    public float* Ff;
    public float* WeightTransposed;
    public float* Weight;
    public float* Bias;
    public float* InitialOutput;
    public float* InitialState;
    public float* Output;
    public float* States;
    public float* FinalState;
    public float* GradOutput;
    public float* GradFinalState;
    public float* GradFf;
    public float* GradInitialState;
    public float* GradInitialOutput;
    public int Truncation;

    /// <summary>Fills the outputs, stored states and final state.</summary>
    public abstract void Forward();

    /// <summary>Fills <see cref="GradFf"/> and the initial-state and -output gradients; returns dL/dp summed over the batch, [2, N].</summary>
    public abstract double[] Backward();
}
