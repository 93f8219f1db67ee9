using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Dendrite.Neurons;
using Dendrite.Nn;

namespace Dendrite.Inference;

/// <summary>
/// The leaky form of the leaky integrator (u = β·u + x, output u) for a row of neurons, without the per-neuron span and
/// parameter plumbing of the generic <see cref="INeuronModel.Step"/>. The generic path (<see cref="LiModel.Step"/>) is its
/// reference.
/// </summary>
/// <remarks>The arithmetic is <see cref="LiModel.Step"/>'s, in the same order and in double, so results are bit-identical.</remarks>
internal sealed class LiStepKernel : IStepKernel
{
    private readonly double[] _beta;

    /// <summary>β of the neurons past the last whole 16, zero-padded to 16 for the masked tail.</summary>
    private readonly double[] _tailBeta = new double[16];

    private LiStepKernel(double[] beta)
    {
        _beta = beta;
        beta.AsSpan(beta.Length / 16 * 16).CopyTo(_tailBeta);
    }

    /// <summary>The kernel for <paramref name="layer"/>, or null when it is not a leaky-form <see cref="LiLayer"/>.</summary>
    public static LiStepKernel? For(Module layer, double[] parameters, int neurons)
    {
        if (layer is not LiLayer li || li.Config.Form != LiForm.Leaky)
        {
            return null;
        }
        var beta = new double[neurons];
        for (int n = 0; n < neurons; n++)
        {
            beta[n] = Math.Clamp(parameters[n], 0.0, 1.0);
        }
        return new LiStepKernel(beta);
    }

    public int Step(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output, Span<int> active)
    {
        ReadOnlySpan<double> beta = _beta;
        int neurons = beta.Length;
        int count = 0;
        // Avx512F, not Vector512.IsHardwareAccelerated: .NET reports the latter false on Cascade Lake, and the loop lists
        // its outputs with AVX-512's compress.
        int n = Avx512F.IsSupported ? StepVectors(ff, rec, state, output, active, ref count) : 0;
        for (; n < neurons; n++)
        {
            double u = beta[n] * state[n] + ((double)ff[n] + rec[n]);
            state[n] = (float)u;
            output[n] = (float)u;
            if (output[n] != 0f)
            {
                active[count++] = n;
            }
        }
        return count;
    }

    /// <summary>The scalar loop's arithmetic, 16 neurons at a time; returns how many it did.</summary>
    private int StepVectors(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output, Span<int> active, ref int count)
    {
        ref double beta = ref MemoryMarshal.GetArrayDataReference(_beta);
        ref float ffAt = ref MemoryMarshal.GetReference(ff);
        ref float recAt = ref MemoryMarshal.GetReference(rec);
        ref float stateAt = ref MemoryMarshal.GetReference(state);
        ref float outputAt = ref MemoryMarshal.GetReference(output);
        ref int activeAt = ref MemoryMarshal.GetReference(active);
        int n = 0;
        for (; n + 16 <= _beta.Length; n += 16)
        {
            Vector512<float> u = Leak(Vector512.LoadUnsafe(ref ffAt, (nuint)n), Vector512.LoadUnsafe(ref recAt, (nuint)n),
                Vector512.LoadUnsafe(ref stateAt, (nuint)n), Vector512.LoadUnsafe(ref beta, (nuint)n), Vector512.LoadUnsafe(ref beta, (nuint)n + 8));
            u.StoreUnsafe(ref stateAt, (nuint)n);
            u.StoreUnsafe(ref outputAt, (nuint)n);
            count = StepActivity.AppendNonzero(u, n, ref activeAt, count);
        }
        return n < _beta.Length ? StepTail(n, ff, rec, state, output, active, ref count) : n;
    }

    /// <summary>
    /// The last neurons (fewer than 16, e.g. 4 of a readout of 20) in one masked vector, the same arithmetic per lane: a
    /// readout this narrow would otherwise spend a fifth of its step in the scalar loop.
    /// </summary>
    private unsafe int StepTail(int n, ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output, Span<int> active, ref int count)
    {
        int neurons = _beta.Length;
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(neurons - n)).AsSingle();
        Vector512<float> zero = Vector512<float>.Zero;
        fixed (float* f = ff, r = rec, s = state, o = output)
        fixed (double* b = _tailBeta)
        fixed (int* list = active)
        {
            Vector512<float> u = Leak(Avx512F.MaskLoad(f + n, mask, zero), Avx512F.MaskLoad(r + n, mask, zero),
                Avx512F.MaskLoad(s + n, mask, zero), Vector512.Load(b), Vector512.Load(b + 8));
            Avx512F.MaskStore(s + n, mask, u);
            Avx512F.MaskStore(o + n, mask, u);
            count = StepActivity.AppendNonzero(u, mask, n, list, count);
        }
        return neurons;
    }

    /// <summary>u = β·u + (ff + rec) for 16 neurons, in double as the scalar loop computes it (β in two halves of 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Leak(Vector512<float> ff, Vector512<float> rec, Vector512<float> state,
        Vector512<double> betaLo, Vector512<double> betaHi)
    {
        (Vector512<double> ffLo, Vector512<double> ffHi) = Vector512.Widen(ff);
        (Vector512<double> recLo, Vector512<double> recHi) = Vector512.Widen(rec);
        (Vector512<double> sLo, Vector512<double> sHi) = Vector512.Widen(state);
        return Vector512.Narrow(betaLo * sLo + (ffLo + recLo), betaHi * sHi + (ffHi + recHi));
    }
}
