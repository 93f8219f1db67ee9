using Dendrite.Kernels;

namespace Dendrite.Inference;

/// <summary>
/// destination = start + Σ over the active inputs j of one row of x[j]·Wᵀ[j, :], with Wᵀ [in, out] so an input's weights
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
    public static unsafe long Row(StepActivity input, int row, ReadOnlySpan<float> weightTransposed, ReadOnlySpan<float> start, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(input);
        int outputs = destination.Length;
        if (weightTransposed.Length < (long)input.Width * outputs)
        {
            ThrowHelper.ThrowArgument($"EventAccumulator.Row: the transposed weights need {input.Width}×{outputs} floats; got {weightTransposed.Length}.", nameof(weightTransposed));
        }
        ReadOnlySpan<int> active = input.Active(row);
        // Output blocks held in registers across all the active inputs: each output is loaded and stored once per row.
        fixed (float* weights = weightTransposed)
        {
            EventAccumulation.AddListedRows(input.Values.AsSpan(row * input.Width, input.Width), active, weights, outputs, start, destination);
        }
        return (long)active.Length * outputs;
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
