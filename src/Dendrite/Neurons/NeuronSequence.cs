using System.Numerics;

namespace Dendrite.Neurons;

/// <summary>
/// The fused kernel of a neuron layer over a whole sequence: the recurrence forward, and its backward through time
/// written by hand (per-neuron VJPs from the model, recurrent weight gradient as one GEMM over all steps).
/// Storage is float (training) or double (double-precision gradient checks); per-neuron math runs in double.
/// Float LIF (Heaviside) and LI sequences run a vectorised, batch-parallel, event-driven kernel (NeuronSequence.Vectorised.cs);
/// <see cref="ForwardReference"/> and <see cref="BackwardReference"/> are the naive scalar loops every model can use.
/// </summary>
/// <remarks>
/// Layouts (row-major): feed-forward currents <c>ff</c> [T, B, k·N] with current c of neuron n at c·N + n;
/// recurrent weight [k·N, N] and bias [k·N]; parameters [P, N] (double); initial and final state [B, N, S]; outputs [T, B, N].
/// The backward needs the state before each step, so <c>states</c> holds the states after steps 1..T − 1
/// ([max(T − 1, 0), B, N, S′], <see cref="StoredStateSize"/>): without the model's <see cref="INeuronModel.OutputState"/>,
/// which is read back from the previous step's output, and without the final state, which is its own output.
/// The recurrent currents of a step are not stored either: the backward recomputes them from the previous step's outputs
/// with the same GEMM as the forward (bit-identical).
/// </remarks>
public static partial class NeuronSequence
{
    /// <summary>State values stored per neuron and step: the state without its output slot.</summary>
    public static int StoredStateSize<TModel>(TModel model)
        where TModel : INeuronModel => model.StateSize - (model.OutputState >= 0 ? 1 : 0);

    /// <summary>
    /// The naive reference of <see cref="Forward"/>: the model's scalar step per neuron, in double, for any model and storage type.
    /// </summary>
    public static void ForwardReference<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight, ReadOnlySpan<T> recurrentBias,
        ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> initialState, Span<T> output, Span<T> states, Span<T> finalState, Span<T> recurrent)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TModel : INeuronModel
    {
        int k = model.Currents;
        int stateSize = model.StateSize;
        int parameterCount = model.ParameterCount;
        int width = k * neurons;
        bool hasRecurrence = !recurrentWeight.IsEmpty;
        Span<double> p = stackalloc double[Math.Max(parameterCount, 1)];
        Span<double> ffValues = stackalloc double[k];
        Span<double> recValues = stackalloc double[k];
        Span<double> s = stackalloc double[stateSize];
        Span<double> sNew = stackalloc double[stateSize];
        int outputState = model.OutputState;
        int stored = StoredStateSize(model);
        if (steps == 0)
        {
            initialState.CopyTo(finalState);
        }
        for (int t = 0; t < steps; t++)
        {
            Span<T> recT = hasRecurrence ? recurrent.Slice(0, batch * width) : default;
            if (hasRecurrence)
            {
                ReadOnlySpan<T> previous = t == 0 ? initialOutput : output.Slice((t - 1) * batch * neurons, batch * neurons);
                RecurrentCurrents(batch, neurons, width, previous, recurrentWeight, recurrentBias, recT);
            }
            ReadOnlySpan<T> ffT = ff.Slice(t * batch * width, batch * width);
            Span<T> yT = output.Slice(t * batch * neurons, batch * neurons);
            for (int b = 0; b < batch; b++)
            {
                for (int n = 0; n < neurons; n++)
                {
                    for (int i = 0; i < parameterCount; i++)
                    {
                        p[i] = parameters[i * neurons + n];
                    }
                    for (int c = 0; c < k; c++)
                    {
                        ffValues[c] = double.CreateTruncating(ffT[b * width + c * neurons + n]);
                        recValues[c] = hasRecurrence ? double.CreateTruncating(recT[b * width + c * neurons + n]) : 0.0;
                    }
                    int at = b * neurons + n;
                    LoadState(t, at, batch * neurons, stateSize, stored, outputState, initialState, states, output, s);
                    double y = model.Step(p, ffValues, recValues, s, sNew);
                    if (t == steps - 1)
                    {
                        for (int j = 0; j < stateSize; j++)
                        {
                            finalState[at * stateSize + j] = T.CreateTruncating(sNew[j]);
                        }
                    }
                    else
                    {
                        Span<T> row = states.Slice((t * batch * neurons + at) * stored, stored);
                        for (int j = 0, c = 0; j < stateSize; j++)
                        {
                            if (j != outputState)
                            {
                                row[c++] = T.CreateTruncating(sNew[j]);
                            }
                        }
                    }
                    yT[at] = T.CreateTruncating(y);
                }
            }
        }
    }

    /// <summary>The naive reference of <see cref="Backward"/>: the model's scalar VJP per neuron, in double.</summary>
    public static void BackwardReference<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight,
        ReadOnlySpan<T> recurrentBias, ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> output, ReadOnlySpan<T> initialState,
        ReadOnlySpan<T> states, ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> gradFinalState, int truncation,
        Span<T> gradFf, Span<T> gradInitialState, Span<T> gradInitialOutput,
        Span<T> gradRecurrentWeight, Span<T> gradRecurrentBias, Span<double> gradParameters)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TModel : INeuronModel
    {
        int k = model.Currents;
        int stateSize = model.StateSize;
        int parameterCount = model.ParameterCount;
        int width = k * neurons;
        bool hasRecurrence = !recurrentWeight.IsEmpty;
        int stepState = batch * neurons * stateSize;
        int outputState = model.OutputState;
        int stored = StoredStateSize(model);
        Span<double> p = stackalloc double[Math.Max(parameterCount, 1)];
        Span<double> gp = stackalloc double[Math.Max(parameterCount, 1)];
        Span<double> ffValues = stackalloc double[k];
        Span<double> recValues = stackalloc double[k];
        Span<double> gFfValues = stackalloc double[k];
        Span<double> gRecValues = stackalloc double[k];
        Span<double> s = stackalloc double[stateSize];
        Span<double> gsNew = stackalloc double[stateSize];
        Span<double> gs = stackalloc double[stateSize];

        // dL/d(state after step t) and dL/d(output of step t) from its use in step t + 1.
        var gradState = new double[stepState];
        var gradCarry = new double[batch * neurons];
        var gradCarryT = new T[batch * neurons];
        var gradRecAll = hasRecurrence ? new T[steps * batch * width] : [];
        var recT = hasRecurrence ? new T[batch * width] : [];
        if (!gradFinalState.IsEmpty)
        {
            for (int i = 0; i < stepState; i++)
            {
                gradState[i] = double.CreateTruncating(gradFinalState[i]);
            }
        }
        for (int t = steps - 1; t >= 0; t--)
        {
            if (truncation > 0 && t < steps - 1 && (t + 1) % truncation == 0)
            {
                Array.Clear(gradState);
                Array.Clear(gradCarry);
            }
            ReadOnlySpan<T> ffT = ff.Slice(t * batch * width, batch * width);
            if (hasRecurrence)
            {
                ReadOnlySpan<T> previous = t == 0 ? initialOutput : output.Slice((t - 1) * batch * neurons, batch * neurons);
                RecurrentCurrents(batch, neurons, width, previous, recurrentWeight, recurrentBias, recT);
            }
            Span<T> gFfT = gradFf.Slice(t * batch * width, batch * width);
            Span<T> gRecT = hasRecurrence ? gradRecAll.AsSpan(t * batch * width, batch * width) : default;
            for (int b = 0; b < batch; b++)
            {
                for (int n = 0; n < neurons; n++)
                {
                    for (int i = 0; i < parameterCount; i++)
                    {
                        p[i] = parameters[i * neurons + n];
                        gp[i] = 0;
                    }
                    for (int c = 0; c < k; c++)
                    {
                        ffValues[c] = double.CreateTruncating(ffT[b * width + c * neurons + n]);
                        recValues[c] = hasRecurrence ? double.CreateTruncating(recT[b * width + c * neurons + n]) : 0.0;
                    }
                    int yAt = b * neurons + n;
                    int at = yAt * stateSize;
                    LoadState(t, yAt, batch * neurons, stateSize, stored, outputState, initialState, states, output, s);
                    for (int j = 0; j < stateSize; j++)
                    {
                        gsNew[j] = gradState[at + j];
                    }
                    double gy = gradCarry[yAt] + (gradOutput.IsEmpty ? 0.0 : double.CreateTruncating(gradOutput[t * batch * neurons + yAt]));
                    model.Backward(p, ffValues, recValues, s, gy, gsNew, gs, gFfValues, gRecValues, gp);
                    for (int j = 0; j < stateSize; j++)
                    {
                        gradState[at + j] = gs[j];
                    }
                    for (int c = 0; c < k; c++)
                    {
                        gFfT[b * width + c * neurons + n] = T.CreateTruncating(gFfValues[c]);
                        if (hasRecurrence)
                        {
                            gRecT[b * width + c * neurons + n] = T.CreateTruncating(gRecValues[c]);
                        }
                    }
                    for (int i = 0; i < parameterCount; i++)
                    {
                        gradParameters[i * neurons + n] += gp[i];
                    }
                }
            }
            if (hasRecurrence)
            {
                // dL/d(output of step t − 1) = dL/d(rec_t) · W_rec.
                DenseAlgebra.Multiply<T>(false, false, batch, neurons, width, gRecT, width, recurrentWeight, neurons, 0.0, gradCarryT, neurons);
                for (int i = 0; i < gradCarry.Length; i++)
                {
                    gradCarry[i] = double.CreateTruncating(gradCarryT[i]);
                }
            }
            else
            {
                Array.Clear(gradCarry);
            }
        }
        for (int i = 0; i < stepState; i++)
        {
            gradInitialState[i] = T.CreateTruncating(gradState[i]);
        }
        for (int i = 0; i < gradCarry.Length; i++)
        {
            gradInitialOutput[i] = T.CreateTruncating(gradCarry[i]);
        }
        if (hasRecurrence)
        {
            // dW_rec = Σ_t dL/d(rec_t)ᵀ · y_{t−1}: one GEMM over steps 1..T−1 plus one for step 0 (whose y_{−1} is the initial output).
            int rows = batch;
            DenseAlgebra.Multiply<T>(true, false, width, neurons, rows, gradRecAll.AsSpan(0, rows * width), width, initialOutput, neurons, 1.0, gradRecurrentWeight, neurons);
            if (steps > 1)
            {
                int later = (steps - 1) * batch;
                DenseAlgebra.Multiply<T>(true, false, width, neurons, later, gradRecAll.AsSpan(batch * width, later * width), width,
                    output.Slice(0, later * neurons), neurons, 1.0, gradRecurrentWeight, neurons);
            }
            if (!gradRecurrentBias.IsEmpty)
            {
                for (int r = 0; r < steps * batch; r++)
                {
                    for (int c = 0; c < width; c++)
                    {
                        gradRecurrentBias[c] += gradRecAll[r * width + c];
                    }
                }
            }
        }
    }

    /// <summary>The state of neuron <paramref name="at"/> (= b·N + n) before step <paramref name="t"/>.</summary>
    private static void LoadState<T>(int t, int at, int batchNeurons, int stateSize, int stored, int outputState,
        ReadOnlySpan<T> initialState, ReadOnlySpan<T> states, ReadOnlySpan<T> output, Span<double> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (t == 0)
        {
            for (int j = 0; j < stateSize; j++)
            {
                s[j] = double.CreateTruncating(initialState[at * stateSize + j]);
            }
            return;
        }
        ReadOnlySpan<T> row = states.Slice(((t - 1) * batchNeurons + at) * stored, stored);
        for (int j = 0, c = 0; j < stateSize; j++)
        {
            s[j] = double.CreateTruncating(j == outputState ? output[(t - 1) * batchNeurons + at] : row[c++]);
        }
    }

    private static void RecurrentCurrents<T>(int batch, int neurons, int width, ReadOnlySpan<T> previous,
        ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // rec = y_{t−1} · W_recᵀ + b_rec.
        DenseAlgebra.Multiply<T>(false, true, batch, width, neurons, previous, neurons, weight, neurons, 0.0, destination, width);
        if (!bias.IsEmpty)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int c = 0; c < width; c++)
                {
                    destination[b * width + c] += bias[c];
                }
            }
        }
    }
}
