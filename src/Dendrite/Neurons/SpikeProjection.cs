using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// The input projection of a neuron layer, x·Wᵀ + b over all leading axes: event-driven when x holds binary spikes at
/// low enough activity, one dense GEMM (<see cref="Ops.Linear"/>) otherwise. The choice is made per call from the
/// measured activity and reported in <see cref="LastPath"/>.
/// </summary>
/// <remarks>
/// The event path's backward is event-driven too: the weight gradient sums only the output-gradient rows of the steps where
/// an input spiked. When x itself requires a gradient (spikes of a trained layer) its gradient dy·W is dense, one GEMM.
/// </remarks>
public static class SpikeProjection
{
    /// <summary>
    /// Above this fraction of active inputs a dense GEMM beats adding weight rows one batch row at a time (the per-row
    /// kernels: <see cref="EventAccumulation.AddScaledRows"/>, the inference engine's step-by-step accumulation).
    /// Measured on 784→1000, T·B = 3200, one thread (CPU time, busy machine) with the former per-row projection:
    /// forward + weight gradient took 39 ms event-driven against 117 ms dense at 2% active, 185 against 138 ms at 10%.
    /// </summary>
    public const double EventDrivenMaxActivity = 0.05;

    /// <summary>
    /// Above this fraction of active inputs the dense GEMM beats this projection's tiled event-driven kernels (all rows at
    /// once, <see cref="MaskedRowSum"/>). Measured on 784→1000, T·B = 3200, two threads, CPU-time medians on a busy
    /// machine, event/GEMM: forward 0.30 at 1% active, 0.39 at 10%, 0.63 at 29%, 0.99 at 50%; weight gradient 0.21,
    /// 0.41, 0.65, 0.99. Set below the crossover at 50%.
    /// </summary>
    public const double TiledMaxActivity = 0.45;

    /// <summary>The path the last call on this thread took.</summary>
    [ThreadStatic]
    private static KernelPath t_lastPath;

    /// <summary>The path the last <see cref="Linear"/> call on this thread took.</summary>
    public static KernelPath LastPath => t_lastPath;

    /// <summary>
    /// x [..., in], weight [out, in], bias [out] or null. <paramref name="eventDriven"/> false forces the dense path. Over
    /// [T, B, in], inputs active in most of a stream's steps are added once and subtracted where silent
    /// (<see cref="ComplementCoding"/>) when that saves additions.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias, bool eventDriven = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (!eventDriven)
        {
            return Dense(x, weight, bias);
        }
        if (weight.Rank != 2 || x.Shape[-1] != weight.Shape[1])
        {
            ThrowHelper.ThrowShapeMismatch("SpikeProjection.Linear: input [..., in] and weight [out, in]", x.Shape, weight.Shape);
        }
        int inputs = weight.Shape[1];
        int outputs = weight.Shape[0];
        int rows = x.Length / Math.Max(inputs, 1);
        // One pass checks that x holds spikes and masks them (null: not binary).
        SpikeMasks? active = SpikeMasks.ByRowIfBinary(rows, inputs, x.Span, default);
        bool streamed = x.Rank >= 3;
        if (active is null || (active.Count > TiledMaxActivity * x.Length && !streamed))
        {
            return Dense(x, weight, bias);
        }
        ComplementCoding? complement = streamed ? ComplementCoding.TryCreate(active, x.Shape[-2]) : null;
        if ((complement?.Additions ?? active.Count) > TiledMaxActivity * x.Length)
        {
            return Dense(x, weight, bias);
        }
        t_lastPath = complement is null ? KernelPath.EventDriven : KernelPath.EventComplement;
        int[] lengths = x.Shape.ToArray();
        lengths[^1] = outputs;
        var y = new Tensor(lengths);
        // Pooled: a fresh [in, out] array per call would be zeroed and page-faulted in on every training step.
        float[] weightTransposed = MatrixTranspose.Rented(weight.Span, outputs, inputs);
        EventAccumulation.Forward(active, complement, outputs, weightTransposed, bias is null ? default : bias.Span, y.Span);
        BufferPool.Return(weightTransposed);
        if (Tape.IsRecording([x, weight, bias]))
        {
            Tape.Record("SpikeProjection", y, g => Backward(x, weight, bias, active, complement, inputs, outputs, g));
        }
        return y;
    }

    private static Tensor Dense(Tensor x, Tensor weight, Tensor? bias)
    {
        t_lastPath = KernelPath.Dense;
        return Ops.Linear(x, weight, bias);
    }

    private static void Backward(Tensor x, Tensor weight, Tensor? bias, SpikeMasks active, ComplementCoding? complement, int inputs, int outputs, Tensor g)
    {
        int rows = active.Lines;
        if (weight.RequiresGrad)
        {
            float[] gradTransposed = BufferPool.Rent<float>(inputs * outputs, clear: true);
            if (complement is null)
            {
                EventAccumulation.WeightGradient(active.Transpose(), outputs, g.Span, gradTransposed);
            }
            else
            {
                complement.WeightGradient(outputs, g.Span, gradTransposed);
            }
            MatrixTranspose.AddInto(gradTransposed, inputs, outputs, weight.GradOrZeros().Span);
            BufferPool.Return(gradTransposed);
        }
        if (bias is not null && bias.RequiresGrad)
        {
            RowVector.AddColumnSums(g.Span, rows, bias.GradOrZeros().Span);
        }
        if (x.RequiresGrad)
        {
            // dx = dy·W, dense: the output gradient has no sparsity to exploit.
            Gemm.Multiply(false, false, rows, inputs, outputs, 1f, g.Span, outputs, weight.Span, inputs, 1f, x.GradOrZeros().Span, inputs);
        }
    }
}
