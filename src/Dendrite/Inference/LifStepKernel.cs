using System.Numerics;
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

    /// <summary>0·θ per neuron (−0 where θ &lt; 0): what r·θ is when r = 0, so selecting it is exactly the product.</summary>
    private readonly double[] _zeroTheta;
    private readonly bool _nextStep;

    private LifStepKernel(double[] beta, double[] theta, bool nextStep)
    {
        _beta = beta;
        _theta = theta;
        _zeroTheta = [.. theta.Select(t => 0.0 * t)];
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
        // The vector loop needs AVX-512 itself (compress, mask shifts), not only wide vectors.
        int n = !Avx512F.IsSupported ? 0
            : _nextStep ? StepVectors<NextStepReset>(ff, rec, state, output, active, ref count)
            : StepVectors<SameStepReset>(ff, rec, state, output, active, ref count);
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

    /// <summary>
    /// The scalar loop's arithmetic, same operations in the same order, 16 neurons at a time; returns how many it did.
    /// Comparisons stay masks: a − θ &gt; 0 is exactly a &gt; θ, and r·θ with r ∈ {0, 1} is exactly a choice between θ and
    /// 0·θ, which saves the 0/1 vectors, their products and a second pass over the spikes to list them.
    /// </summary>
    private int StepVectors<TTiming>(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> spikes, Span<int> active, ref int count)
        where TTiming : struct, ITiming
    {
        ref float ffAt = ref MemoryMarshal.GetReference(ff);
        ref float recAt = ref MemoryMarshal.GetReference(rec);
        ref float stateAt = ref MemoryMarshal.GetReference(state);
        ref float spikesAt = ref MemoryMarshal.GetReference(spikes);
        ref int activeAt = ref MemoryMarshal.GetReference(active);
        Vector512<int> laneBits = Avx512F.ShiftLeftLogicalVariable(Vector512<int>.One, Vector512<uint>.Indices);
        int n = 0;
        for (; n + 16 <= _beta.Length; n += 16)
        {
            uint bits = Eight<TTiming>(ref ffAt, ref recAt, ref stateAt, n) | Eight<TTiming>(ref ffAt, ref recAt, ref stateAt, n + 8) << 8;
            Vector512<float> spiked = Vector512.Equals(Vector512.Create((int)bits) & laneBits, laneBits).AsSingle();
            (Vector512<float>.One & spiked).StoreUnsafe(ref spikesAt, (nuint)n);
            // count ≤ n, so the 16 entries the compressing store writes stay inside the row's list.
            Avx512F.Compress(Vector512<int>.Zero, spiked.AsInt32(), Vector512<int>.Indices + Vector512.Create(n)).StoreUnsafe(ref activeAt, (nuint)count);
            count += BitOperations.PopCount(bits);
        }
        return n;
    }

    /// <summary>
    /// Neurons n to n + 7, widened from float as loaded and narrowed as stored: the new state is written back and the
    /// spikes are returned as bits (neuron n + i in bit i), as in <see cref="Step"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Eight<TTiming>(ref float ff, ref float rec, ref float state, int n)
        where TTiming : struct, ITiming
    {
        Vector512<double> x = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref ff, (nuint)n))
            + Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref rec, (nuint)n));
        Vector512<double> previous = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref state, (nuint)n));
        Vector512<double> beta = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_beta), (nuint)n);
        Vector512<double> theta = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_theta), (nuint)n);
        Vector512<double> zeroTheta = Vector512.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(_zeroTheta), (nuint)n);
        Vector512<double> u;
        Vector512<double> spiked;
        if (TTiming.NextStep)
        {
            u = beta * previous + x - Vector512.ConditionalSelect(Vector512.GreaterThan(previous, theta), theta, zeroTheta);
            spiked = Vector512.GreaterThan(u, theta);
        }
        else
        {
            Vector512<double> pre = beta * previous + x;
            spiked = Vector512.GreaterThan(pre, theta);
            u = pre - Vector512.ConditionalSelect(spiked, theta, zeroTheta);
        }
        Avx512F.ConvertToVector256Single(u).StoreUnsafe(ref state, (nuint)n);
        return (uint)spiked.ExtractMostSignificantBits();
    }

    /// <summary>The reset timing as a type, so each timing gets its own compiled loop with no branch inside it.</summary>
    private interface ITiming
    {
        static abstract bool NextStep { get; }
    }

    private readonly struct NextStepReset : ITiming
    {
        public static bool NextStep => true;
    }

    private readonly struct SameStepReset : ITiming
    {
        public static bool NextStep => false;
    }
}
