using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// The vectorised float path of <see cref="NeuronSequence"/> for one-current, one-state models (LIF/IF, LI): 8 neurons per
/// vector in double, batch rows in parallel, recurrence event-driven. Same layouts and results as the reference loop.
/// </summary>
/// <remarks>
/// Without recurrence a batch row never looks at another, so each thread runs whole rows through all T steps. With recurrence
/// the kernel goes step by step: the step's recurrent currents for all rows (adding only the weight rows of units that spiked
/// when few did, else the reference's GEMM), then the rows in parallel; the backward's dL/d(previous output) is the
/// reference's GEMM. Per-neuron math is the model's own, operation for operation (<see cref="IVectorNeuron"/>), so results
/// are bit-identical to the reference except where event-driven sums round differently (float tolerance).
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

    public override void Forward()
    {
        if (Weight == null)
        {
            // Without recurrence a row never looks at another: each thread runs whole rows through all steps.
            ParallelRanges.Run(_batch, (long)_steps * RowLength, ParallelMinWork, (begin, end) =>
            {
                for (int b = begin; b < end; b++)
                {
                    for (int t = 0; t < _steps; t++)
                    {
                        StepRow(t, b, null);
                    }
                }
            });
            return;
        }
        float[] recurrent = BufferPool.Rent<float>(RowLength, clear: true);
        for (int t = 0; t < _steps; t++)
        {
            RecurrentCurrents(t, recurrent);
            if (RecurrentStore != null)
            {
                recurrent.CopyTo(new Span<float>(RecurrentStore + (long)t * RowLength, RowLength));
            }
            int step = t;
            ParallelRanges.Run(_batch, RowLength, ParallelMinWork, (begin, end) =>
            {
                for (int b = begin; b < end; b++)
                {
                    StepRow(step, b, recurrent);
                }
            });
        }
        BufferPool.Return(recurrent);
    }

    public override void Backward(double[] perRow)
    {
        // Pooled: each call of a segmented run would otherwise allocate these afresh on the large object heap. The loop
        // below writes every value of the two gradients before any is read.
        double[] gradState = BufferPool.Rent<double>(RowLength, clear: false);
        double[] gradCarry = BufferPool.Rent<double>(RowLength, clear: false);
        for (int i = 0; i < RowLength; i++)
        {
            gradState[i] = GradFinalState == null ? 0.0 : GradFinalState[i];
            gradCarry[i] = GradCarryIn == null ? 0.0 : GradCarryIn[i];
        }
        if (Weight == null)
        {
            ParallelRanges.Run(_batch, (long)_steps * RowLength, ParallelMinWork, (begin, end) =>
            {
                for (int b = begin; b < end; b++)
                {
                    for (int t = _steps - 1; t >= 0; t--)
                    {
                        if (IsCut(t))
                        {
                            Array.Clear(gradState, b * _neurons, _neurons);
                        }
                        BackwardRow(t, b, null, gradState, gradCarry, perRow);
                    }
                }
            });
        }
        else
        {
            float[] recurrent = BufferPool.Rent<float>(RowLength, clear: true);
            float[] carry = BufferPool.Rent<float>(RowLength, clear: true);
            for (int t = _steps - 1; t >= 0; t--)
            {
                if (IsCut(t))
                {
                    Array.Clear(gradState);
                    Array.Clear(gradCarry);
                }
                if (RecurrentStore != null)
                {
                    new ReadOnlySpan<float>(RecurrentStore + (long)t * RowLength, RowLength).CopyTo(recurrent);
                }
                else
                {
                    RecurrentCurrents(t, recurrent);
                }
                int step = t;
                ParallelRanges.Run(_batch, RowLength, ParallelMinWork, (begin, end) =>
                {
                    for (int b = begin; b < end; b++)
                    {
                        BackwardRow(step, b, recurrent, gradState, gradCarry, perRow);
                    }
                });
                // dL/d(output of step t − 1) = dL/d(rec_t)·W_rec, the reference's GEMM.
                Gemm.Multiply(false, false, _batch, _neurons, _neurons, 1f, new ReadOnlySpan<float>(GradFf + (long)t * RowLength, RowLength), _neurons,
                    new ReadOnlySpan<float>(Weight, _neurons * _neurons), _neurons, 0f, carry, _neurons);
                for (int i = 0; i < RowLength; i++)
                {
                    gradCarry[i] = carry[i];
                }
            }
            BufferPool.Return(recurrent);
            BufferPool.Return(carry);
        }
        for (int i = 0; i < RowLength; i++)
        {
            GradInitialState[i] = (float)gradState[i];
            GradInitialOutput[i] = (float)gradCarry[i];
        }
        BufferPool.Return(gradState);
        BufferPool.Return(gradCarry);
    }

    private bool IsCut(int t) => Truncation > 0 && t < _steps - 1 && (StepOffset + t + 1) % Truncation == 0;

    /// <summary>Step t of batch row b; <paramref name="recurrent"/> holds the step's recurrent currents [B, N], or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StepRow(int t, int b, float[]? recurrent)
    {
        int neurons = _neurons;
        long at = (long)t * RowLength + b * neurons;
        float* previous = Previous(t, b);
        float* next = t == _steps - 1 ? FinalState + b * neurons : _outputIsState ? null : States + at;
        fixed (float* rec = recurrent)
        {
            float* r = rec == null ? null : rec + b * neurons;
            int n = 0;
            for (; n + Lanes <= neurons; n += Lanes)
            {
                Vector512<double> x = Load(Ff + at + n) + LoadOrZero(r, n);
                Vector512<double> y = _vector.Step(n, x, Load(previous + n), out Vector512<double> state);
                Store(y, Output + at + n);
                if (next != null)
                {
                    Store(state, next + n);
                }
            }
            for (; n < neurons; n++)
            {
                double state = ScalarStep(n, Ff[at + n], r == null ? 0.0 : r[n], previous[n], out double y);
                Output[at + n] = (float)y;
                if (next != null)
                {
                    next[n] = (float)state;
                }
            }
        }
    }

    /// <summary>The VJP of step t for batch row b: writes dL/d(ff), updates the row's state gradient, adds its dL/dp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BackwardRow(int t, int b, float[]? recurrent, double[] gradState, double[] gradCarry, double[] parameterGradients)
    {
        int neurons = _neurons;
        long at = (long)t * RowLength + b * neurons;
        float* previous = Previous(t, b);
        fixed (float* rec = recurrent)
        fixed (double* gs = &gradState[b * neurons], gc = &gradCarry[b * neurons], g = &parameterGradients[b * 2 * neurons])
        {
            float* r = rec == null ? null : rec + b * neurons;
            int n = 0;
            for (; n + Lanes <= neurons; n += Lanes)
            {
                Vector512<double> x = Load(Ff + at + n) + LoadOrZero(r, n);
                Vector512<double> gy = Vector512.Load(gc + n) + (GradOutput == null ? Vector512<double>.Zero : Load(GradOutput + at + n));
                Vector512<double> gPre = _vector.Backward(n, x, Load(previous + n), gy, Vector512.Load(gs + n),
                    out Vector512<double> gPrevious, out Vector512<double> gp0, out Vector512<double> gp1);
                gPrevious.Store(gs + n);
                Store(gPre, GradFf + at + n);
                (Vector512.Load(g + n) + gp0).Store(g + n);
                (Vector512.Load(g + neurons + n) + gp1).Store(g + neurons + n);
            }
            for (; n < neurons; n++)
            {
                double gy = gc[n] + (GradOutput == null ? 0.0 : GradOutput[at + n]);
                GradFf[at + n] = (float)ScalarBackward(n, Ff[at + n], r == null ? 0.0 : r[n], previous[n], gy, ref gs[n], ref g[n], ref g[neurons + n]);
            }
        }
    }

    /// <summary>The state of row b before step t: the initial state, or the stored state (or output) of step t − 1.</summary>
    private float* Previous(int t, int b) => t == 0
        ? InitialState + b * _neurons
        : (_outputIsState ? Output : States) + (long)(t - 1) * RowLength + b * _neurons;

    /// <summary>
    /// rec = y_{t−1}·W_recᵀ + b_rec for all rows: adding only the weight rows of units that spiked when few did
    /// (<see cref="SpikeProjection.EventDrivenMaxActivity"/>), else the reference's GEMM.
    /// </summary>
    private void RecurrentCurrents(int t, float[] destination)
    {
        float* previous = t == 0 ? InitialOutput : Output + (long)(t - 1) * RowLength;
        var spikes = new ReadOnlySpan<float>(previous, RowLength);
        double activity = EventAccumulation.ActiveFraction(spikes);
        if (activity >= 0 && activity <= SpikeProjection.EventDrivenMaxActivity)
        {
            Array.Clear(destination);
            for (int b = 0; b < _batch; b++)
            {
                EventAccumulation.AddScaledRows(spikes.Slice(b * _neurons, _neurons), WeightTransposed, _neurons, destination.AsSpan(b * _neurons, _neurons));
            }
        }
        else
        {
            Gemm.Multiply(false, true, _batch, _neurons, _neurons, 1f, spikes, _neurons, new ReadOnlySpan<float>(Weight, _neurons * _neurons), _neurons,
                0f, destination, _neurons);
        }
        if (Bias != null)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] += Bias[i % _neurons];
            }
        }
    }

    private static Vector512<double> LoadOrZero(float* recurrent, int n) =>
        // The reference adds a zero recurrent current without recurrence; x + 0.0 keeps it bit-identical (it turns −0 into +0).
        recurrent == null ? Vector512<double>.Zero : Load(recurrent + n);

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
