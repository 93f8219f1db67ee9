using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>Gradients of a <see cref="SpikeInputRun{TModel}"/>; the input weight's transposed, [in, N].</summary>
internal sealed record SequenceGradients(float[] WeightTransposed, float[] Bias, float[] RecurrentWeight, float[] RecurrentBias,
    float[] InitialState, float[] InitialOutput, double[] Parameters);

/// <summary>
/// What <see cref="SpikeInputSequence"/> keeps between its forward and backward, and the segment-by-segment passes over it.
/// Segment j covers steps [j·K, min((j + 1)·K, T)); the state before it is checkpointed (the initial state for j = 0).
/// </summary>
/// <remarks>
/// With one segment (K = T) the forward's currents, states and recurrent currents are kept instead of replayed, and released
/// once the backward has used them. Every large array comes from the <see cref="BufferPool"/>: scratch goes back when the pass
/// that used it ends, what the backward needs when the tape node is forgotten (<see cref="Release"/>).
/// </remarks>
internal sealed unsafe class SpikeInputRun<TModel>(TModel model, int steps, int batch, int neurons, int segment, SpikeRows rows,
    float[] weightTransposed, float[] bias, double[] parameters, Tensor? recurrentWeight, Tensor? recurrentBias,
    float[] initialState, float[] initialOutput)
    where TModel : struct, INeuronModel
{
    private readonly int _segment = segment;
    private readonly float[] _checkpoints = BufferPool.Rent<float>((steps - 1) / segment * batch * neurons, clear: true);
    private readonly float[] _recurrentTransposed = recurrentWeight is null ? [] : MatrixTranspose.Rented(recurrentWeight.Span, neurons, neurons);
    private bool _released;
    private float[]? _keptFf;
    private float[]? _keptStates;
    private float[]? _keptRecurrent;

    public int Neurons => neurons;

    private int RowLength => batch * neurons;

    private int Segments => (steps + _segment - 1) / _segment;

    /// <summary>
    /// Bytes kept for the backward: the spike indices, the input and recurrent weights (transposed) and bias, the state checkpoints
    /// (or, with one segment, the kept currents, states and recurrent currents), the initial state and output, and the expanded
    /// parameters (double).
    /// </summary>
    public long SavedBytes => rows.Bytes + ((long)weightTransposed.Length + bias.Length + _checkpoints.Length + _recurrentTransposed.Length
        + initialState.Length + initialOutput.Length + (_keptFf?.Length ?? 0) + (_keptStates?.Length ?? 0) + (_keptRecurrent?.Length ?? 0))
        * sizeof(float) + (long)parameters.Length * sizeof(double);

    /// <summary>Fills the outputs [T, B, N] and the final state [B, N, 1], checkpointing the state before every segment.</summary>
    public void Forward(Span<float> output, Span<float> finalState)
    {
        float[] ff = BufferPool.Rent<float>(_segment * RowLength, clear: true);
        float[] states = BufferPool.Rent<float>((_segment - 1) * RowLength, clear: true);
        float[]? recurrent = null;
        if (Segments == 1)
        {
            (_keptFf, _keptStates) = (ff, states);
            _keptRecurrent = recurrent = recurrentWeight is null ? [] : BufferPool.Rent<float>(_segment * RowLength, clear: true);
        }
        fixed (float* y = output, final = finalState, checkpoints = _checkpoints)
        {
            for (int j = 0; j < Segments; j++)
            {
                (int first, int length) = Bounds(j);
                float* next = j == Segments - 1 ? final : checkpoints + (long)j * RowLength;
                RunForward(j, length, ff, y, y + (long)first * RowLength, states, next, checkpoints, recurrent: recurrent);
            }
        }
        if (Segments > 1)
        {
            // The backward replays each segment into scratch of its own.
            BufferPool.Return(ff);
            BufferPool.Return(states);
        }
    }

    /// <summary>Returns every pooled array this run holds; called once, when its tape node is forgotten (or at once without a tape).</summary>
    public void Release()
    {
        if (_released)
        {
            return;
        }
        _released = true;
        foreach (float[]? array in (float[]?[])[_checkpoints, _recurrentTransposed, weightTransposed, _keptFf, _keptStates, _keptRecurrent])
        {
            if (array is not null)
            {
                BufferPool.Return(array);
            }
        }
        (_keptFf, _keptStates, _keptRecurrent) = (null, null, null);
    }

    /// <summary>Backward through time, last segment first; empty output gradients mean zero.</summary>
    public SequenceGradients Backward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> gradFinalState, int truncation)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        // The caller returns the weight gradients to the pool once it has added them.
        var result = new SequenceGradients(BufferPool.Rent<float>(weightTransposed.Length, clear: true), new float[bias.Length],
            recurrentWeight is null ? [] : BufferPool.Rent<float>(neurons * neurons, clear: true), recurrentBias is null ? [] : new float[neurons],
            new float[RowLength], new float[RowLength], new double[model.ParameterCount * neurons]);
        bool replay = _keptFf is null;
        float[] ff = _keptFf ?? Rent(_segment * RowLength);
        float[] states = _keptStates ?? Rent((_segment - 1) * RowLength);
        float[] recurrent = _keptRecurrent ?? (recurrentWeight is null ? [] : Rent(_segment * RowLength));
        (_keptFf, _keptStates, _keptRecurrent) = (null, null, null);
        float[] replayed = replay ? Rent(_segment * RowLength) : [];
        float[] replayedFinal = Rent(RowLength);
        float[] gradFf = Rent(_segment * RowLength);
        float[] gradState = Rent(RowLength);
        float[] gradCarry = Rent(RowLength);
        float[] gradStateBefore = Rent(RowLength);
        float[] gradCarryBefore = Rent(RowLength);
        double[] parameterRows = BufferPool.Rent<double>(batch * 2 * neurons, clear: true);
        gradFinalState.CopyTo(gradState);
        fixed (float* y = output, checkpoints = _checkpoints, gy = gradOutput, gFf = gradFf, gs = gradState, gc = gradCarry,
            gsBefore = gradStateBefore, gcBefore = gradCarryBefore)
        {
            for (int j = Segments - 1; j >= 0; j--)
            {
                (int first, int length) = Bounds(j);
                VectorSequence kernel = replay
                    ? RunForward(j, length, ff, y, null, states, null, checkpoints, replayed, replayedFinal, recurrent)
                    : NeuronSequence.CreateVectorised(model, parameters, length, batch, neurons)!;
                fixed (float* segmentFf = ff, segmentStates = states, segmentOutput = replayed, segmentRecurrent = recurrent)
                {
                    kernel.RecurrentStore = segmentRecurrent;
                    kernel.Ff = segmentFf;
                    kernel.States = segmentStates;
                    kernel.Output = replay ? segmentOutput : y;
                    kernel.GradOutput = gy == null ? null : gy + (long)first * RowLength;
                    kernel.GradFinalState = gs;
                    kernel.GradCarryIn = gc;
                    kernel.GradFf = gFf;
                    kernel.GradInitialState = gsBefore;
                    kernel.GradInitialOutput = gcBefore;
                    kernel.Truncation = truncation;
                    kernel.StepOffset = first;
                    fixed (float* wt = _recurrentTransposed, w = recurrentWeight is null ? default : recurrentWeight.Span,
                        b = recurrentBias is null ? default : recurrentBias.Span, y0 = initialOutput, s0 = initialState)
                    {
                        SetFixed(kernel, j, first, wt, w, b, y0, s0, y, checkpoints);
                        kernel.Backward(parameterRows);
                    }
                }
                gradStateBefore.CopyTo(gradState);
                gradCarryBefore.CopyTo(gradCarry);
                if (truncation > 0 && first > 0 && first % truncation == 0)
                {
                    // The gradient is cut between step first − 1 and step first.
                    Array.Clear(gradState);
                    Array.Clear(gradCarry);
                }
                AddWeightGradients(first, length, gradFf, output, result);
            }
        }
        gradState.CopyTo(result.InitialState, 0);
        gradCarry.CopyTo(result.InitialOutput, 0);
        double[] sum = VectorSequence.SumRows(parameterRows, batch, neurons);
        Array.Copy(sum, result.Parameters, result.Parameters.Length);
        foreach (float[] scratch in (float[][])[ff, states, recurrent, replayed, replayedFinal, gradFf, gradState, gradCarry, gradStateBefore, gradCarryBefore])
        {
            BufferPool.Return(scratch);
        }
        BufferPool.Return(parameterRows);
        return result;
    }

    /// <summary>Zeroed scratch from the pool, as a fresh array would be.</summary>
    private static float[] Rent(int length) => BufferPool.Rent<float>(length, clear: true);

    private (int First, int Length) Bounds(int j) => (j * _segment, Math.Min(_segment, steps - j * _segment));

    /// <summary>
    /// Recomputes segment j's input currents into <paramref name="ff"/> and runs its forward from the checkpoint, writing outputs to
    /// <paramref name="segmentOutput"/> (or <paramref name="replayed"/>) and the state after it to <paramref name="next"/> (or
    /// <paramref name="replayedFinal"/>), keeping the recurrent currents in <paramref name="recurrent"/> when given.
    /// Returns the kernel, ready for the segment's backward.
    /// </summary>
    private VectorSequence RunForward(int j, int length, float[] ff, float* output, float* segmentOutput, float[] states, float* next,
        float* checkpoints, float[]? replayed = null, float[]? replayedFinal = null, float[]? recurrent = null)
    {
        (int first, _) = Bounds(j);
        rows.Project(first * batch, length * batch, neurons, weightTransposed, bias, ff);
        VectorSequence kernel = NeuronSequence.CreateVectorised(model, parameters, length, batch, neurons)!;
        fixed (float* f = ff, s = states, r = replayed, rf = replayedFinal, store = recurrent, wt = _recurrentTransposed,
            w = recurrentWeight is null ? default : recurrentWeight.Span, b = recurrentBias is null ? default : recurrentBias.Span,
            y0 = initialOutput, s0 = initialState)
        {
            SetFixed(kernel, j, first, wt, w, b, y0, s0, output, checkpoints);
            kernel.Ff = f;
            kernel.States = s;
            kernel.Output = segmentOutput == null ? r : segmentOutput;
            kernel.FinalState = next == null ? rf : next;
            kernel.RecurrentStore = store;
            kernel.Forward();
        }
        return kernel;
    }

    /// <summary>Points the kernel at the weights and at the segment's starting state and previous output.</summary>
    private void SetFixed(VectorSequence kernel, int j, int first, float* weightT, float* weight, float* recurrentBiasValues,
        float* y0, float* s0, float* output, float* checkpoints)
    {
        kernel.WeightTransposed = weightT;
        kernel.Weight = weight;
        kernel.Bias = recurrentBiasValues;
        kernel.InitialOutput = first == 0 ? y0 : output + (long)(first - 1) * RowLength;
        kernel.InitialState = j == 0 ? s0 : checkpoints + (long)(j - 1) * RowLength;
    }

    /// <summary>Adds segment [first, first + length)'s share of the input and recurrent weight and bias gradients.</summary>
    private void AddWeightGradients(int first, int length, float[] gradFf, ReadOnlySpan<float> output, SequenceGradients result)
    {
        ReadOnlySpan<float> gradCurrents = gradFf.AsSpan(0, length * RowLength);
        rows.AccumulateWeightGradient(first * batch, length * batch, neurons, gradCurrents, result.WeightTransposed);
        if (bias.Length > 0)
        {
            for (int r = 0; r < length * batch; r++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(result.Bias, gradCurrents.Slice(r * neurons, neurons), result.Bias);
            }
        }
        if (recurrentWeight is not null)
        {
            ReadOnlySpan<float> previous = first == 0 ? initialOutput : output.Slice((first - 1) * RowLength, RowLength);
            NeuronSequence.RecurrentWeightGradient(length, batch, neurons, gradCurrents, previous, output[(first * RowLength)..],
                result.RecurrentWeight, result.RecurrentBias);
        }
    }
}
