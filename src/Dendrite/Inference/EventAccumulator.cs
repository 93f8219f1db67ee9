using System.Numerics.Tensors;

namespace Dendrite.Inference;

/// <summary>
/// destination += Σ over the active inputs j of one row of x[j]·Wᵀ[j, :], with Wᵀ [in, out] so an input's weights are
/// one contiguous row. Returns the synaptic operations done: active inputs × fan-out.
/// </summary>
/// <remarks>
/// A spike (x = 1) is a plain add, in ascending input order, which is exactly what the training path's event-driven
/// projection does, so the two agree bit for bit on spike inputs. Beside it, <see cref="RowReference"/> is the dense
/// naive form that the tests compare against.
/// </remarks>
public static class EventAccumulator
{
    /// <summary>Accumulates row <paramref name="row"/> of <paramref name="input"/> into <paramref name="destination"/> [out].</summary>
    public static long Row(StepActivity input, int row, ReadOnlySpan<float> weightTransposed, Span<float> destination)
    {
        int outputs = destination.Length;
        ReadOnlySpan<float> values = input.Values.AsSpan(row * input.Width, input.Width);
        ReadOnlySpan<int> active = input.Active(row);
        foreach (int j in active)
        {
            float x = values[j];
            ReadOnlySpan<float> weights = weightTransposed.Slice(j * outputs, outputs);
            if (x == 1f)
            {
                TensorPrimitives.Add(destination, weights, destination);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(weights, x, destination, destination);
            }
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

    /// <summary>[rows, columns] → [columns, rows].</summary>
    internal static float[] Transpose(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var result = new float[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[c * rows + r] = matrix[r * columns + c];
            }
        }
        return result;
    }
}
