using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Dendrite.Neurons;
using Dendrite.Nn;

namespace Dendrite.Inference;

/// <summary>
/// The LIF step with subtract reset and a strict Heaviside spike (snnTorch's Leaky; Norse/SpikingJelly with same-step
/// timing) for a row of neurons, without the per-neuron span and parameter plumbing of the generic
/// <see cref="INeuronModel.Step"/>. The generic path (<see cref="LifModel.Step"/>) is its reference.
/// </summary>
/// <remarks>
/// The arithmetic is <see cref="LifModel.Step"/>'s, in the same order and in double, so results are bit-identical to the
/// training path's fused kernel.
/// </remarks>
internal sealed class LifStepKernel : IStepKernel
{
    private readonly double[] _beta;
    private readonly double[] _theta;
    private readonly bool _nextStep;

    private LifStepKernel(double[] beta, double[] theta, bool nextStep)
    {
        _beta = beta;
        _theta = theta;
        _nextStep = nextStep;
    }

    /// <summary>The kernel for <paramref name="layer"/>, or null when its options need the generic step.</summary>
    public static LifStepKernel? For(Module layer, double[] parameters, int neurons)
    {
        if (layer is not LifLayer lif || lif.Mode != SpikeFunctionMode.Heaviside || lif.Config.Reset != ResetMode.Subtract
            || lif.Config.Comparison != SpikeComparison.GreaterThan)
        {
            return null;
        }
        var beta = new double[neurons];
        var theta = new double[neurons];
        for (int n = 0; n < neurons; n++)
        {
            beta[n] = Math.Clamp(parameters[n], 0.0, 1.0);
            theta[n] = parameters[neurons + n];
        }
        return new LifStepKernel(beta, theta, lif.Config.Timing == ResetTiming.NextStep);
    }

    /// <summary>One step of a row: membrane <paramref name="state"/> [N] updated in place, spikes into <paramref name="output"/> [N] and their indices into <paramref name="active"/>.</summary>
    public int Step(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output, Span<int> active)
    {
        ReadOnlySpan<double> beta = _beta;
        ReadOnlySpan<double> theta = _theta;
        int neurons = beta.Length;
        int count = 0;
        int n = Vector512.IsHardwareAccelerated || Avx512F.IsSupported ? StepVectors(ff, rec, state, output, active, ref count) : 0;
        for (; n < neurons; n++)
        {
            double y;
            if (_nextStep)
            {
                double previous = state[n];
                double x = (double)ff[n] + rec[n];
                double r = previous - theta[n] > 0 ? 1.0 : 0.0;
                double u = beta[n] * previous + x - r * theta[n];
                state[n] = (float)u;
                y = u - theta[n] > 0 ? 1.0 : 0.0;
            }
            else
            {
                double pre = beta[n] * state[n] + ((double)ff[n] + rec[n]);
                y = pre - theta[n] > 0 ? 1.0 : 0.0;
                state[n] = (float)(pre - y * theta[n]);
            }
            output[n] = (float)y;
            if (y != 0)
            {
                active[count++] = n;
            }
        }
        return count;
    }

    /// <summary>The scalar loop's arithmetic, same operations in the same order, 16 neurons at a time; returns how many it did.</summary>
    private int StepVectors(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> spikes, Span<int> active, ref int count)
    {
        ref double beta = ref MemoryMarshal.GetArrayDataReference(_beta);
        ref double theta = ref MemoryMarshal.GetArrayDataReference(_theta);
        ref float ffAt = ref MemoryMarshal.GetReference(ff);
        ref float recAt = ref MemoryMarshal.GetReference(rec);
        ref float stateAt = ref MemoryMarshal.GetReference(state);
        ref float spikesAt = ref MemoryMarshal.GetReference(spikes);
        ref int activeAt = ref MemoryMarshal.GetReference(active);
        int n = 0;
        for (; n + 16 <= _beta.Length; n += 16)
        {
            (Vector512<double> ffLo, Vector512<double> ffHi) = Vector512.Widen(Vector512.LoadUnsafe(ref ffAt, (nuint)n));
            (Vector512<double> recLo, Vector512<double> recHi) = Vector512.Widen(Vector512.LoadUnsafe(ref recAt, (nuint)n));
            (Vector512<double> sLo, Vector512<double> sHi) = Vector512.Widen(Vector512.LoadUnsafe(ref stateAt, (nuint)n));
            (Vector512<double> uLo, Vector512<double> yLo) = Neuron(ffLo, recLo, sLo, Vector512.LoadUnsafe(ref beta, (nuint)n), Vector512.LoadUnsafe(ref theta, (nuint)n));
            (Vector512<double> uHi, Vector512<double> yHi) = Neuron(ffHi, recHi, sHi, Vector512.LoadUnsafe(ref beta, (nuint)n + 8), Vector512.LoadUnsafe(ref theta, (nuint)n + 8));
            Vector512.Narrow(uLo, uHi).StoreUnsafe(ref stateAt, (nuint)n);
            Vector512<float> y = Vector512.Narrow(yLo, yHi);
            y.StoreUnsafe(ref spikesAt, (nuint)n);
            // count ≤ n, so the 16 entries the append stores stay inside the row's list.
            count = StepActivity.AppendNonzero(y, n, ref activeAt, count);
        }
        return n;
    }

    /// <summary>One vector of neurons: the new state and the spike (0 or 1), as in <see cref="Step"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private (Vector512<double> State, Vector512<double> Spike) Neuron(Vector512<double> ff, Vector512<double> rec, Vector512<double> previous,
        Vector512<double> beta, Vector512<double> theta)
    {
        if (_nextStep)
        {
            Vector512<double> r = Vector512.GreaterThan(previous - theta, Vector512<double>.Zero) & Vector512<double>.One;
            Vector512<double> u = beta * previous + (ff + rec) - r * theta;
            return (u, Vector512.GreaterThan(u - theta, Vector512<double>.Zero) & Vector512<double>.One);
        }
        Vector512<double> pre = beta * previous + (ff + rec);
        Vector512<double> y = Vector512.GreaterThan(pre - theta, Vector512<double>.Zero) & Vector512<double>.One;
        return (pre - y * theta, y);
    }
}
