using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Dendrite.Kernels;

namespace Dendrite.Neurons;

/// <summary>Which kernel ran a neuron sequence (see <see cref="NeuronSequence.LastKernel"/>).</summary>
public enum SequenceKernel
{
    /// <summary>The scalar reference loop over the model's per-neuron step.</summary>
    Reference,

    /// <summary>The vectorised, batch-parallel, event-driven float kernel.</summary>
    Vectorised,
}

public static partial class NeuronSequence
{
    [ThreadStatic]
    private static SequenceKernel t_lastKernel;

    /// <summary>The kernel the last <see cref="Forward"/> or <see cref="Backward"/> on this thread ran.</summary>
    public static SequenceKernel LastKernel => t_lastKernel;

    /// <summary>
    /// Runs the recurrence from <paramref name="initialState"/>; fills <paramref name="output"/>, the stored <paramref name="states"/>
    /// and <paramref name="finalState"/>.
    /// <paramref name="recurrent"/> is scratch of at least B·k·N values for one step's recurrent currents (empty without recurrence).
    /// Float LIF (Heaviside) and LI run the vectorised kernel (<see cref="LastKernel"/>), everything else the reference loop.
    /// </summary>
    public static void Forward<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight, ReadOnlySpan<T> recurrentBias,
        ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> initialState, Span<T> output, Span<T> states, Span<T> finalState, Span<T> recurrent)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TModel : INeuronModel
    {
        if (TryForwardVectorised(model, steps, batch, neurons, ff, parameters, recurrentWeight, recurrentBias, initialOutput, initialState,
            output, states, finalState))
        {
            return;
        }
        ForwardReference(model, steps, batch, neurons, ff, parameters, recurrentWeight, recurrentBias, initialOutput, initialState,
            output, states, finalState, recurrent);
    }

    /// <summary>
    /// Backward through time. Writes dL/d(ff) into <paramref name="gradFf"/>, dL/d(initial state) into <paramref name="gradInitialState"/>,
    /// dL/d(initial output) into <paramref name="gradInitialOutput"/>; adds into <paramref name="gradRecurrentWeight"/>,
    /// <paramref name="gradRecurrentBias"/> and <paramref name="gradParameters"/>. Empty output gradients mean zero.
    /// With <paramref name="truncation"/> K &gt; 0 the gradient between step t and t + 1 is cut whenever t + 1 is a multiple of K.
    /// </summary>
    public static void Backward<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight,
        ReadOnlySpan<T> recurrentBias, ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> output, ReadOnlySpan<T> initialState,
        ReadOnlySpan<T> states, ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> gradFinalState, int truncation,
        Span<T> gradFf, Span<T> gradInitialState, Span<T> gradInitialOutput,
        Span<T> gradRecurrentWeight, Span<T> gradRecurrentBias, Span<double> gradParameters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TModel : INeuronModel
    {
        if (TryBackwardVectorised(model, steps, batch, neurons, ff, parameters, recurrentWeight, recurrentBias, initialOutput, output,
            initialState, states, gradOutput, gradFinalState, truncation, gradFf, gradInitialState, gradInitialOutput,
            gradRecurrentWeight, gradRecurrentBias, gradParameters))
        {
            return;
        }
        BackwardReference(model, steps, batch, neurons, ff, parameters, recurrentWeight, recurrentBias, initialOutput, output,
            initialState, states, gradOutput, gradFinalState, truncation, gradFf, gradInitialState, gradInitialOutput,
            gradRecurrentWeight, gradRecurrentBias, gradParameters);
    }

    private static unsafe bool TryForwardVectorised<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight, ReadOnlySpan<T> recurrentBias,
        ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> initialState, Span<T> output, Span<T> states, Span<T> finalState)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TModel : INeuronModel
    {
        VectorSequence? kernel = typeof(T) == typeof(float) && steps > 0 ? CreateVectorised(model, parameters, steps, batch, neurons) : null;
        t_lastKernel = kernel is null ? SequenceKernel.Reference : SequenceKernel.Vectorised;
        if (kernel is null)
        {
            return false;
        }
        float[] transposed = TransposeRecurrent(AsFloat(recurrentWeight), neurons);
        fixed (float* f = AsFloat(ff), wt = transposed, w = AsFloat(recurrentWeight), bias = AsFloat(recurrentBias), y0 = AsFloat(initialOutput),
            s0 = AsFloat(initialState), y = AsFloat(output), s = AsFloat(states), final = AsFloat(finalState))
        {
            kernel.Ff = f;
            kernel.WeightTransposed = wt;
            kernel.Weight = w;
            kernel.Bias = bias;
            kernel.InitialOutput = y0;
            kernel.InitialState = s0;
            kernel.Output = y;
            kernel.States = s;
            kernel.FinalState = final;
            kernel.Forward();
        }
        return true;
    }

    private static unsafe bool TryBackwardVectorised<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight,
        ReadOnlySpan<T> recurrentBias, ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> output, ReadOnlySpan<T> initialState,
        ReadOnlySpan<T> states, ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> gradFinalState, int truncation,
        Span<T> gradFf, Span<T> gradInitialState, Span<T> gradInitialOutput,
        Span<T> gradRecurrentWeight, Span<T> gradRecurrentBias, Span<double> gradParameters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TModel : INeuronModel
    {
        VectorSequence? kernel = typeof(T) == typeof(float) && steps > 0 ? CreateVectorised(model, parameters, steps, batch, neurons) : null;
        t_lastKernel = kernel is null ? SequenceKernel.Reference : SequenceKernel.Vectorised;
        if (kernel is null)
        {
            return false;
        }
        float[] transposed = TransposeRecurrent(AsFloat(recurrentWeight), neurons);
        double[] gp;
        fixed (float* f = AsFloat(ff), wt = transposed, w = AsFloat(recurrentWeight), bias = AsFloat(recurrentBias), y0 = AsFloat(initialOutput),
            s0 = AsFloat(initialState), y = AsFloat(output), s = AsFloat(states), gy = AsFloat(gradOutput), gFinal = AsFloat(gradFinalState),
            gf = AsFloat(gradFf), gs0 = AsFloat(gradInitialState), gy0 = AsFloat(gradInitialOutput))
        {
            kernel.Ff = f;
            kernel.WeightTransposed = wt;
            kernel.Weight = w;
            kernel.Bias = bias;
            kernel.InitialOutput = y0;
            kernel.InitialState = s0;
            kernel.Output = y;
            kernel.States = s;
            kernel.GradOutput = gy;
            kernel.GradFinalState = gFinal;
            kernel.GradFf = gf;
            kernel.GradInitialState = gs0;
            kernel.GradInitialOutput = gy0;
            kernel.Truncation = truncation;
            var rows = new double[batch * 2 * neurons];
            kernel.Backward(rows);
            gp = VectorSequence.SumRows(rows, batch, neurons);
        }
        for (int i = 0; i < model.ParameterCount * neurons; i++)
        {
            gradParameters[i] += gp[i];
        }
        if (!recurrentWeight.IsEmpty)
        {
            RecurrentWeightGradient(steps, batch, neurons, AsFloat(gradFf), AsFloat(initialOutput), AsFloat(output),
                AsFloat(gradRecurrentWeight), AsFloat(gradRecurrentBias));
        }
        return true;
    }

    /// <summary>The vectorised kernel for this model, or null when it has none (other models, smooth mode, no SIMD).</summary>
    internal static VectorSequence? CreateVectorised<TModel>(TModel model, ReadOnlySpan<double> parameters, int steps, int batch, int neurons)
        where TModel : INeuronModel
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return null;
        }
        return (object)model switch
        {
            LifModel { IsHeaviside: true } lif => new NeuronSequenceFast<LifVectorNeuron, TModel>(
                new LifVectorNeuron(lif.Config, parameters, neurons), model, parameters, steps, batch, neurons),
            LiModel li => new NeuronSequenceFast<LiVectorNeuron, TModel>(
                new LiVectorNeuron(li.Config, parameters, neurons), model, parameters, steps, batch, neurons),
            _ => null,
        };
    }

    /// <summary>
    /// dW_rec += Σ_t dL/d(rec_t)ᵀ·y_{t−1} and db_rec += Σ_t dL/d(rec_t); for these models dL/d(rec) equals dL/d(ff).
    /// Step 0 (the initial output, any values) is one GEMM. Steps 1..T − 1 add only the columns of units that spiked when
    /// few did (<see cref="SpikeProjection.EventDrivenMaxActivity"/>), else they are one GEMM too.
    /// </summary>
    internal static void RecurrentWeightGradient(int steps, int batch, int neurons, ReadOnlySpan<float> gradCurrents,
        ReadOnlySpan<float> initialOutput, ReadOnlySpan<float> output, Span<float> gradWeight, Span<float> gradBias)
    {
        Gemm.Multiply(true, false, neurons, neurons, batch, 1f, gradCurrents[..(batch * neurons)], neurons, initialOutput, neurons, 1f, gradWeight, neurons);
        int rows = (steps - 1) * batch;
        ReadOnlySpan<float> previous = output[..(rows * neurons)];
        ReadOnlySpan<float> later = gradCurrents.Slice(batch * neurons, rows * neurons);
        double activity = EventAccumulation.ActiveFraction(previous);
        if (activity < 0 || activity > SpikeProjection.EventDrivenMaxActivity)
        {
            Gemm.Multiply(true, false, neurons, neurons, rows, 1f, later, neurons, previous, neurons, 1f, gradWeight, neurons);
        }
        else if (rows > 0)
        {
            var transposed = new float[neurons * neurons];
            EventAccumulation.WeightGradient(SpikeIndex.ByColumn(rows, neurons, previous), neurons, later, transposed);
            for (int c = 0; c < neurons; c++)
            {
                for (int j = 0; j < neurons; j++)
                {
                    gradWeight[c * neurons + j] += transposed[j * neurons + c];
                }
            }
        }
        if (!gradBias.IsEmpty)
        {
            for (int r = 0; r < steps * batch; r++)
            {
                for (int c = 0; c < neurons; c++)
                {
                    gradBias[c] += gradCurrents[r * neurons + c];
                }
            }
        }
    }

    // Vectorised kernels read the recurrent weights column-wise as rows of Wᵀ; no recurrence, no transpose.
    private static float[] TransposeRecurrent(ReadOnlySpan<float> weight, int neurons) =>
        weight.IsEmpty ? [] : MatrixTranspose.Of(weight, neurons, neurons);

    private static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);

    private static Span<float> AsFloat<T>(Span<T> values)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(values);
}
