using Dendrite.Kernels;
using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// A neuron layer fed by sparse binary spikes, input projection and recurrence fused in one tape node that stores neither the
/// input currents [T, B, N] nor the state of every step: the spikes are kept as indices (<see cref="SpikeRows"/>), the state only
/// at the start of each segment of about √T steps (layers small enough that memory does not matter keep one segment's
/// buffers instead, see <see cref="DefaultKeepLimit"/>). The backward replays one segment at a time from its checkpoint (currents
/// recomputed from the indices, the same kernel as the forward, so bit-identical) and runs the vectorised backward on it, adding
/// the input, recurrent and parameter gradients as it goes. Memory beyond the output: O(√T·B·N) instead of 3·T·B·N.
/// </summary>
/// <remarks>
/// Taken by <see cref="NeuronLayer{TModel}"/> for one-current, one-state models with a vectorised kernel (LIF with Heaviside
/// spikes, LI) when the input is binary, does not itself need a gradient, and at most
/// <see cref="SpikeProjection.EventDrivenMaxActivity"/> of it is active. Results equal the unfused path's up to the order in
/// which the weight gradients are summed.
/// </remarks>
internal static class SpikeInputSequence
{
    /// <summary>
    /// Up to this many values in a [T, B, N] buffer (16 MB) the run is one segment that keeps its forward's buffers instead of
    /// replaying it: small layers spend memory they can afford to save the replay's work.
    /// </summary>
    public const long DefaultKeepLimit = 1 << 22;

    /// <summary>
    /// Steps per checkpointed segment: all T when a [T, B, N] buffer has at most <paramref name="keepLimit"/> values, else ⌈√T⌉,
    /// which balances the checkpoints against one segment's scratch.
    /// </summary>
    public static int SegmentLength(int steps, int batch, int neurons, long keepLimit) =>
        (long)steps * batch * neurons <= keepLimit ? Math.Max(steps, 1) : Math.Max(1, (int)Math.Ceiling(Math.Sqrt(steps)));

    /// <summary>The fused forward, or null when this input or model does not qualify (then use the projection and <see cref="NeuronOps"/>).</summary>
    public static (Tensor Output, Tensor FinalState)? TryForward<TModel>(TModel model, Tensor input, Tensor weight, Tensor? bias,
        IReadOnlyList<Tensor> parameters, Tensor? recurrentWeight, Tensor? recurrentBias, Tensor? initialState, Tensor? initialOutput,
        int truncation, long keepLimit = DefaultKeepLimit)
        where TModel : struct, INeuronModel
    {
        int steps = input.Shape[0];
        int batch = input.Shape[1];
        int neurons = weight.Shape[0];
        if (model.Currents != 1 || model.StateSize != 1 || steps == 0 || input.RequiresGrad
            || NeuronSequence.CreateVectorised(model, new double[model.ParameterCount * neurons], 1, batch, neurons) is null)
        {
            return null;
        }
        SpikeRows? rows = SpikeRows.TryCreate(input.Span, input.Shape[2], SpikeProjection.EventDrivenMaxActivity);
        if (rows is null)
        {
            return null;
        }
        NeuronOps.Validate(model, batch, neurons, parameters, recurrentWeight, recurrentBias, initialState, initialOutput, truncation);
        var run = new SpikeInputRun<TModel>(model, steps, batch, neurons, SegmentLength(steps, batch, neurons, keepLimit), rows, MatrixTranspose.Rented(weight.Span, neurons, input.Shape[2]),
            bias?.ToArray() ?? [], NeuronOps.ExpandParameters(parameters, neurons), recurrentWeight, recurrentBias,
            initialState?.ToArray() ?? new float[batch * neurons], initialOutput?.ToArray() ?? new float[batch * neurons]);
        var output = new Tensor(steps, batch, neurons);
        var finalState = new Tensor(batch, neurons, 1);
        run.Forward(output.Span, finalState.Span);
        var inputs = new List<Tensor?> { weight, bias, recurrentWeight, recurrentBias, initialState, initialOutput };
        inputs.AddRange(parameters);
        if (Tape.IsRecording(inputs.ToArray()))
        {
            Tape.Record(new Node<TModel>(run, weight, bias, parameters, recurrentWeight, recurrentBias, initialState, initialOutput,
                truncation, output, finalState));
        }
        else
        {
            run.Release();
        }
        return (output, finalState);
    }

    private sealed class Node<TModel>(SpikeInputRun<TModel> run, Tensor weight, Tensor? bias, IReadOnlyList<Tensor> parameters,
        Tensor? recurrentWeight, Tensor? recurrentBias, Tensor? initialState, Tensor? initialOutput, int truncation,
        Tensor output, Tensor finalState)
        : TapeNode(output, finalState), NeuronOps.ISavedContext
        where TModel : struct, INeuronModel
    {
        public override string Name => $"SpikeInputSequence<{typeof(TModel).Name}>";

        public long SavedBytes => run.SavedBytes;

        public override void Backward()
        {
            SequenceGradients g = run.Backward(Outputs[0].Span, Outputs[0].Grad is { } gy ? gy.Span : default,
                Outputs[1].Grad is { } gs ? gs.Span : default, truncation);
            int neurons = run.Neurons;
            if (weight.RequiresGrad)
            {
                // The gradient was summed transposed, [in, N], to add whole rows per spike.
                Span<float> gw = weight.GradOrZeros().Span;
                int inputs = weight.Shape[1];
                for (int o = 0; o < neurons; o++)
                {
                    for (int i = 0; i < inputs; i++)
                    {
                        gw[o * inputs + i] += g.WeightTransposed[i * neurons + o];
                    }
                }
            }
            Accumulate(bias, g.Bias);
            Accumulate(recurrentWeight, g.RecurrentWeight);
            BufferPool.Return(g.WeightTransposed);
            BufferPool.Return(g.RecurrentWeight);
            Accumulate(recurrentBias, g.RecurrentBias);
            Accumulate(initialState, g.InitialState);
            Accumulate(initialOutput, g.InitialOutput);
            NeuronOps.AccumulateParameters(parameters, g.Parameters, neurons);
        }

        protected internal override void Release() => run.Release();

        private static void Accumulate(Tensor? target, ReadOnlySpan<float> gradient)
        {
            if (target is not null && target.RequiresGrad)
            {
                Span<float> t = target.GradOrZeros().Span;
                System.Numerics.Tensors.TensorPrimitives.Add(t, gradient, t);
            }
        }
    }
}
