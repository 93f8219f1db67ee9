using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>Differentiable neuron recurrences on tensors: one tape node per call, whatever the number of steps.</summary>
public static class NeuronOps
{
    /// <summary>
    /// Runs <paramref name="model"/> over a time-major sequence of currents [T, B, k·N] and returns the outputs [T, B, N] and
    /// the final state [B, N, S]. <paramref name="parameters"/> are the model's per-neuron parameters in its order, each of length N
    /// or 1 (shared). With a recurrent weight [k·N, N], step t adds y_{t−1}·W_recᵀ (+ bias) to its currents.
    /// <paramref name="initialState"/> [B, N, S] and <paramref name="initialOutput"/> [B, N] default to zeros.
    /// <paramref name="truncation"/> K &gt; 0 cuts the gradient through time every K steps (truncated BPTT).
    /// </summary>
    public static (Tensor Output, Tensor FinalState) Sequence<TModel>(TModel model, Tensor currents, IReadOnlyList<Tensor> parameters,
        Tensor? recurrentWeight = null, Tensor? recurrentBias = null, Tensor? initialState = null, Tensor? initialOutput = null,
        int truncation = 0)
        where TModel : struct, INeuronModel
    {
        ArgumentNullException.ThrowIfNull(currents);
        ArgumentNullException.ThrowIfNull(parameters);
        int k = model.Currents;
        if (currents.Rank != 3 || currents.Shape[2] % k != 0)
        {
            ThrowHelper.ThrowArgument($"Neuron currents must be [T, B, {k}·N]; got {currents.Shape}.", nameof(currents));
        }
        int steps = currents.Shape[0];
        int batch = currents.Shape[1];
        int neurons = currents.Shape[2] / k;
        int stateSize = model.StateSize;
        Validate(model, batch, neurons, parameters, recurrentWeight, recurrentBias, initialState, initialOutput, truncation);

        double[] p = ExpandParameters(parameters, neurons);
        int stepState = batch * neurons * stateSize;
        var s0 = new float[stepState];
        initialState?.Span.CopyTo(s0);
        // Kept for the backward and returned to the pool when the tape forgets the node (at once when nothing records).
        float[] states = BufferPool.Rent<float>(Math.Max(steps - 1, 0) * batch * neurons * NeuronSequence.StoredStateSize(model), clear: true);
        var finalState = new Tensor(batch, neurons, stateSize);
        float[] y0 = recurrentWeight is null ? [] : initialOutput?.ToArray() ?? new float[batch * neurons];
        var recurrent = recurrentWeight is null ? [] : new float[batch * k * neurons];
        var output = new Tensor(steps, batch, neurons);
        NeuronSequence.Forward<float, TModel>(model, steps, batch, neurons, currents.Span, p,
            recurrentWeight is null ? default : recurrentWeight.Span, recurrentBias is null ? default : recurrentBias.Span,
            y0, s0, output.Span, states, finalState.Span, recurrent);
        var inputs = new List<Tensor?> { currents, recurrentWeight, recurrentBias, initialState, initialOutput };
        inputs.AddRange(parameters);
        if (Tape.IsRecording(inputs.ToArray()))
        {
            Tape.Record(new SequenceNode<TModel>(model, steps, batch, neurons, currents, parameters, p, recurrentWeight, recurrentBias,
                initialState, initialOutput, y0, s0, states, truncation, output, finalState));
        }
        else
        {
            BufferPool.Return(states);
        }
        return (output, finalState);
    }

    /// <summary>A tape node that reports the memory it keeps for its backward.</summary>
    internal interface ISavedContext
    {
        long SavedBytes { get; }
    }

    /// <summary>Checks the parameters, recurrent weights, initial values and truncation of a layer of <paramref name="neurons"/> on <paramref name="batch"/> rows.</summary>
    internal static void Validate<TModel>(TModel model, int batch, int neurons, IReadOnlyList<Tensor> parameters,
        Tensor? recurrentWeight, Tensor? recurrentBias, Tensor? initialState, Tensor? initialOutput, int truncation)
        where TModel : struct, INeuronModel
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(truncation);
        int k = model.Currents;
        int stateSize = model.StateSize;
        if (parameters.Count != model.ParameterCount)
        {
            ThrowHelper.ThrowArgument($"{typeof(TModel).Name} takes {model.ParameterCount} parameters; got {parameters.Count}.", nameof(parameters));
        }
        foreach (Tensor parameter in parameters)
        {
            if (parameter.Length != neurons && parameter.Length != 1)
            {
                ThrowHelper.ThrowArgument($"A neuron parameter must have N = {neurons} values or 1 (shared); '{parameter.Name}' has shape {parameter.Shape}.", nameof(parameters));
            }
        }
        if (recurrentWeight is not null && (recurrentWeight.Rank != 2 || recurrentWeight.Shape[0] != k * neurons || recurrentWeight.Shape[1] != neurons))
        {
            ThrowHelper.ThrowArgument($"The recurrent weight must be [{k * neurons}, {neurons}]; got {recurrentWeight.Shape}.", nameof(recurrentWeight));
        }
        if (recurrentBias is not null && recurrentBias.Length != k * neurons)
        {
            ThrowHelper.ThrowArgument($"The recurrent bias must have {k * neurons} values; got {recurrentBias.Shape}.", nameof(recurrentBias));
        }
        if (initialState is not null && initialState.Length != batch * neurons * stateSize)
        {
            ThrowHelper.ThrowArgument($"The initial state must be [{batch}, {neurons}, {stateSize}]; got {initialState.Shape}.", nameof(initialState));
        }
        if (initialOutput is not null && initialOutput.Length != batch * neurons)
        {
            ThrowHelper.ThrowArgument($"The initial output must be [{batch}, {neurons}]; got {initialOutput.Shape}.", nameof(initialOutput));
        }
    }

    /// <summary>Adds dL/dp [P, N] (double) into the gradients of the learnable parameters (summed when a parameter is shared).</summary>
    internal static void AccumulateParameters(IReadOnlyList<Tensor> parameters, ReadOnlySpan<double> gradP, int neurons)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            Tensor parameter = parameters[i];
            if (!parameter.RequiresGrad)
            {
                continue;
            }
            Span<float> g = parameter.GradOrZeros().Span;
            for (int n = 0; n < neurons; n++)
            {
                g[g.Length == 1 ? 0 : n] += (float)gradP[i * neurons + n];
            }
        }
    }

    internal static double[] ExpandParameters(IReadOnlyList<Tensor> parameters, int neurons)
    {
        var p = new double[parameters.Count * neurons];
        for (int i = 0; i < parameters.Count; i++)
        {
            ReadOnlySpan<float> values = parameters[i].Span;
            for (int n = 0; n < neurons; n++)
            {
                p[i * neurons + n] = values[values.Length == 1 ? 0 : n];
            }
        }
        return p;
    }

    private sealed class SequenceNode<TModel>(TModel model, int steps, int batch, int neurons, Tensor currents,
        IReadOnlyList<Tensor> parameters, double[] p, Tensor? recurrentWeight, Tensor? recurrentBias, Tensor? initialState,
        Tensor? initialOutput, float[] y0, float[] s0, float[] states, int truncation, Tensor output, Tensor finalState)
        : TapeNode(output, finalState), ISavedContext
        where TModel : struct, INeuronModel
    {
        private bool _released;

        public override string Name => $"NeuronSequence<{typeof(TModel).Name}>";

        /// <summary>
        /// Bytes this node keeps for its backward beyond its inputs and outputs: the stored states, copies of the initial state
        /// and output, and the expanded parameters.
        /// </summary>
        public long SavedBytes => ((long)states.Length + s0.Length + y0.Length) * sizeof(float) + (long)p.Length * sizeof(double);

        public override void Backward()
        {
            ObjectDisposedException.ThrowIf(_released, this);
            int k = model.Currents;
            int width = k * neurons;
            float[] gradFf = BufferPool.Rent<float>(steps * batch * width, clear: true);
            var gradS0 = new float[batch * neurons * model.StateSize];
            var gradY0 = new float[batch * neurons];
            var gradW = recurrentWeight is null ? [] : new float[width * neurons];
            var gradB = recurrentBias is null ? [] : new float[width];
            var gradP = new double[p.Length];
            NeuronSequence.Backward<float, TModel>(model, steps, batch, neurons, currents.Span, p,
                recurrentWeight is null ? default : recurrentWeight.Span, recurrentBias is null ? default : recurrentBias.Span,
                y0, Outputs[0].Span, s0, states,
                Outputs[0].Grad is { } gy ? gy.Span : default, Outputs[1].Grad is { } gs ? gs.Span : default, truncation,
                gradFf, gradS0, gradY0, gradW, gradB, gradP);
            Accumulate(currents, gradFf);
            Accumulate(initialState, gradS0);
            Accumulate(initialOutput, gradY0);
            Accumulate(recurrentWeight, gradW);
            Accumulate(recurrentBias, gradB);
            AccumulateParameters(parameters, gradP, neurons);
            BufferPool.Return(gradFf);
        }

        protected internal override void Release()
        {
            if (!_released)
            {
                _released = true;
                BufferPool.Return(states);
            }
        }

        private static void Accumulate(Tensor? target, ReadOnlySpan<float> gradient)
        {
            if (target is not null && target.RequiresGrad)
            {
                Span<float> g = target.GradOrZeros().Span;
                System.Numerics.Tensors.TensorPrimitives.Add(g, gradient, g);
            }
        }
    }
}
