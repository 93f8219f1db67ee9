using Dendrite.Kernels;

namespace Dendrite.Inference;

/// <summary>
/// destination = start + Σ over the active inputs j of a row of x[j]·Wᵀ[j, :], with Wᵀ [in, out] so an input's weights
/// are one contiguous row, and start a bias, zeros or destination itself. Returns the synaptic operations done: active
/// inputs × fan-out.
/// </summary>
/// <remarks>
/// Each output adds x·w with one fused multiply-add per input in ascending input order; for a spike (x = 1) that is a
/// plain add, exactly what the training path's event-driven projection does, so the two agree bit for bit on spike
/// inputs. Beside it, <see cref="RowReference"/> is the dense naive form that the tests compare against.
/// </remarks>
public static class EventAccumulator
{
    /// <summary>
    /// Row <paramref name="row"/> of <paramref name="input"/> projected onto <paramref name="start"/> [out] (empty: zeros;
    /// <paramref name="destination"/> itself: accumulated in place) into <paramref name="destination"/> [out].
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="weightTransposed"/> is shorter than [input width, out], or start is not [out].</exception>
    public static long Row(StepActivity input, int row, ReadOnlySpan<float> weightTransposed, ReadOnlySpan<float> start, Span<float> destination) =>
        Rows(input, row, row + 1, weightTransposed, start, destination.Length, destination, destination.Length);

    /// <summary>
    /// <see cref="Row"/> for rows [<paramref name="first"/>, <paramref name="end"/>) in one call, checked and pinned once
    /// (an engine step runs it for every row of a thread's share): row first + i's [<paramref name="outputs"/>] go to
    /// <paramref name="destination"/> from i·<paramref name="stride"/>. <paramref name="start"/> is a bias or empty for zeros.
    /// </summary>
    /// <exception cref="ArgumentException">The weights, start or destination are too short for the rows and outputs.</exception>
    public static unsafe long Rows(StepActivity input, int first, int end, ReadOnlySpan<float> weightTransposed, ReadOnlySpan<float> start,
        int outputs, Span<float> destination, int stride)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (first < 0 || end > input.Batch || first > end)
        {
            ThrowHelper.ThrowArgument($"EventAccumulator.Rows: rows [{first}, {end}) are outside the batch of {input.Batch}.", nameof(first));
        }
        if (weightTransposed.Length < (long)input.Width * outputs)
        {
            ThrowHelper.ThrowArgument($"EventAccumulator.Rows: the transposed weights need {input.Width}×{outputs} floats; got {weightTransposed.Length}.", nameof(weightTransposed));
        }
        if (!start.IsEmpty && start.Length != outputs)
        {
            ThrowHelper.ThrowArgument($"EventAccumulator.Rows: the start values have {start.Length} entries for {outputs} outputs.", nameof(start));
        }
        if (end > first && (stride < outputs || destination.Length < (long)(end - first - 1) * stride + outputs))
        {
            ThrowHelper.ThrowArgument($"EventAccumulator.Rows: a destination of {destination.Length} floats cannot hold {end - first} rows at stride {stride} with {outputs} outputs.", nameof(destination));
        }
        long active = 0;
        int width = input.Width;
        // Output blocks held in registers across all the active inputs: each output is loaded and stored once per row.
        fixed (float* weights = weightTransposed, from = start, target = destination, values = input.Values)
        fixed (int* lists = input.Lists)
        {
            for (int b = first; b < end; b++)
            {
                int count = input.Active(b).Length;
                EventAccumulation.AddListedRows(values + (long)b * width, lists + (long)b * width, count, weights, outputs, from,
                    target + (long)(b - first) * stride, outputs);
                active += count;
            }
        }
        return active * outputs;
    }

    /// <summary>Naive dense reference: destination[o] += Σ_j x[j]·Wᵀ[j, o] over every input.</summary>
    public static void RowReference(ReadOnlySpan<float> x, ReadOnlySpan<float> weightTransposed, Span<float> destination)
    {
        int outputs = destination.Length;
        for (int o = 0; o < outputs; o++)
        {
            float sum = 0f;
            for (int j = 0; j < x.Length; j++)
            {
                sum += x[j] * weightTransposed[j * outputs + o];
            }
            destination[o] += sum;
        }
    }

}
