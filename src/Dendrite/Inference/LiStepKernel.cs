using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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

    private LiStepKernel(double[] beta)
    {
        _beta = beta;
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

    public void Step(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output)
    {
        ReadOnlySpan<double> beta = _beta;
        int neurons = beta.Length;
        int n = Vector512.IsHardwareAccelerated ? StepVectors(ff, rec, state, output) : 0;
        for (; n < neurons; n++)
        {
            double u = beta[n] * state[n] + ((double)ff[n] + rec[n]);
            state[n] = (float)u;
            output[n] = (float)u;
        }
    }

    /// <summary>The scalar loop's arithmetic, 16 neurons at a time; returns how many it did.</summary>
    private int StepVectors(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> output)
    {
        ref double beta = ref MemoryMarshal.GetArrayDataReference(_beta);
        ref float ffAt = ref MemoryMarshal.GetReference(ff);
        ref float recAt = ref MemoryMarshal.GetReference(rec);
        ref float stateAt = ref MemoryMarshal.GetReference(state);
        ref float outputAt = ref MemoryMarshal.GetReference(output);
        int n = 0;
        for (; n + 16 <= _beta.Length; n += 16)
        {
            (Vector512<double> ffLo, Vector512<double> ffHi) = Vector512.Widen(Vector512.LoadUnsafe(ref ffAt, (nuint)n));
            (Vector512<double> recLo, Vector512<double> recHi) = Vector512.Widen(Vector512.LoadUnsafe(ref recAt, (nuint)n));
            (Vector512<double> sLo, Vector512<double> sHi) = Vector512.Widen(Vector512.LoadUnsafe(ref stateAt, (nuint)n));
            Vector512<double> uLo = Vector512.LoadUnsafe(ref beta, (nuint)n) * sLo + (ffLo + recLo);
            Vector512<double> uHi = Vector512.LoadUnsafe(ref beta, (nuint)n + 8) * sHi + (ffHi + recHi);
            Vector512<float> u = Vector512.Narrow(uLo, uHi);
            u.StoreUnsafe(ref stateAt, (nuint)n);
            u.StoreUnsafe(ref outputAt, (nuint)n);
        }
        return n;
    }
}
