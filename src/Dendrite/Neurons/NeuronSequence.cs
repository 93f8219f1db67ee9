using System.Numerics;

namespace Dendrite.Neurons;

/// <summary>
/// The fused kernel of a neuron layer over a whole sequence: the recurrence forward, and its backward through time
/// written by hand (per-neuron VJPs from the model, recurrent weight gradient as one GEMM over all steps).
/// Storage is float (training) or double (double-precision gradient checks); per-neuron math runs in double.
/// </summary>
/// <remarks>
/// Layouts (row-major): feed-forward currents <c>ff</c> [T, B, k·N] with current c of neuron n at c·N + n;
/// recurrent weight [k·N, N] and bias [k·N]; parameters [P, N] (double); states [T + 1, B, N, S] (step 0 is the
/// initial state); outputs [T, B, N]. The recurrent currents of a step are not stored: the backward recomputes them from the
/// previous step's outputs with the same GEMM as the forward (bit-identical), so a fused layer keeps only its states.
/// </remarks>
public static class NeuronSequence
{
    /// <summary>
    /// Runs the recurrence; fills <paramref name="output"/> and <paramref name="states"/> (whose first B·N·S values must hold the initial state).
    /// <paramref name="recurrent"/> is scratch of at least B·k·N values for one step's recurrent currents (empty without recurrence).
    /// </summary>
    public static void Forward<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight, ReadOnlySpan<T> recurrentBias,
        ReadOnlySpan<T> initialOutput, Span<T> output, Span<T> states, Span<T> recurrent)
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
        int stepState = batch * neurons * stateSize;
        for (int t = 0; t < steps; t++)
        {
            Span<T> recT = hasRecurrence ? recurrent.Slice(0, batch * width) : default;
            if (hasRecurrence)
            {
                ReadOnlySpan<T> previous = t == 0 ? initialOutput : output.Slice((t - 1) * batch * neurons, batch * neurons);
                RecurrentCurrents(batch, neurons, width, previous, recurrentWeight, recurrentBias, recT);
            }
            ReadOnlySpan<T> ffT = ff.Slice(t * batch * width, batch * width);
            ReadOnlySpan<T> sT = states.Slice(t * stepState, stepState);
            Span<T> sNext = states.Slice((t + 1) * stepState, stepState);
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
                    int at = (b * neurons + n) * stateSize;
                    for (int j = 0; j < stateSize; j++)
                    {
                        s[j] = double.CreateTruncating(sT[at + j]);
                    }
                    double y = model.Step(p, ffValues, recValues, s, sNew);
                    for (int j = 0; j < stateSize; j++)
                    {
                        sNext[at + j] = T.CreateTruncating(sNew[j]);
                    }
                    yT[b * neurons + n] = T.CreateTruncating(y);
                }
            }
        }
    }

    /// <summary>
    /// Backward through time. Writes dL/d(ff) into <paramref name="gradFf"/>, dL/d(initial state) into <paramref name="gradInitialState"/>,
    /// dL/d(initial output) into <paramref name="gradInitialOutput"/>; adds into <paramref name="gradRecurrentWeight"/>,
    /// <paramref name="gradRecurrentBias"/> and <paramref name="gradParameters"/>. Empty output gradients mean zero.
    /// With <paramref name="truncation"/> K &gt; 0 the gradient between step t and t + 1 is cut whenever t + 1 is a multiple of K.
    /// </summary>
    public static void Backward<T, TModel>(TModel model, int steps, int batch, int neurons,
        ReadOnlySpan<T> ff, ReadOnlySpan<double> parameters, ReadOnlySpan<T> recurrentWeight,
        ReadOnlySpan<T> recurrentBias, ReadOnlySpan<T> initialOutput, ReadOnlySpan<T> output, ReadOnlySpan<T> states,
        ReadOnlySpan<T> gradOutput, ReadOnlySpan<T> gradFinalState, int truncation,
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
            ReadOnlySpan<T> sT = states.Slice(t * stepState, stepState);
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
                    int at = (b * neurons + n) * stateSize;
                    for (int j = 0; j < stateSize; j++)
                    {
                        s[j] = double.CreateTruncating(sT[at + j]);
                        gsNew[j] = gradState[at + j];
                    }
                    int yAt = b * neurons + n;
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
