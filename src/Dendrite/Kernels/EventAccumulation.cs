using System.Numerics.Tensors;

namespace Dendrite.Kernels;

/// <summary>
/// Event-driven accumulation for binary (0/1) spike inputs: the projection adds only the weight rows of inputs that
/// spiked, and the weight gradient touches only those rows. Work follows the activity rate instead of the input width.
/// </summary>
/// <remarks>
/// Weights are taken transposed, [in, out], so an input's weights are one contiguous row. Each optimised routine has a
/// dense naive reference beside it (<c>*Reference</c>) that the tests compare against. Simple and correct for now.
/// </remarks>
public static class EventAccumulation
{
    /// <summary>True when every value is exactly 0 or 1.</summary>
    public static bool IsBinary(ReadOnlySpan<float> x) => ActiveFraction(x) >= 0;

    /// <summary>The fraction of ones when <paramref name="x"/> holds only 0 and 1, else −1.</summary>
    public static double ActiveFraction(ReadOnlySpan<float> x)
    {
        long active = 0;
        foreach (float value in x)
        {
            if (value == 1f)
            {
                active++;
            }
            else if (value != 0f)
            {
                return -1;
            }
        }
        return x.IsEmpty ? 0 : (double)active / x.Length;
    }

    /// <summary>y[r, :] += Σ over inputs j with x[r, j] = 1 of Wᵀ[j, :]. x is [rows, in] binary, Wᵀ [in, out], y [rows, out].</summary>
    public static void Forward(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> weightTransposed, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xRow = x.Slice(r * inputs, inputs);
            Span<float> yRow = y.Slice(r * outputs, outputs);
            for (int j = 0; j < inputs; j++)
            {
                if (xRow[j] != 0f)
                {
                    TensorPrimitives.Add(yRow, weightTransposed.Slice(j * outputs, outputs), yRow);
                }
            }
        }
    }

    /// <summary>Naive dense reference of <see cref="Forward"/>: y[r, o] += Σ_j x[r, j]·Wᵀ[j, o].</summary>
    public static void ForwardReference(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> weightTransposed, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                float sum = 0f;
                for (int j = 0; j < inputs; j++)
                {
                    sum += x[r * inputs + j] * weightTransposed[j * outputs + o];
                }
                y[r * outputs + o] += sum;
            }
        }
    }

    /// <summary>dWᵀ[j, :] += Σ over rows r with x[r, j] = 1 of dy[r, :]. dWᵀ is [in, out].</summary>
    public static void WeightGradient(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xRow = x.Slice(r * inputs, inputs);
            ReadOnlySpan<float> gRow = gradY.Slice(r * outputs, outputs);
            for (int j = 0; j < inputs; j++)
            {
                if (xRow[j] != 0f)
                {
                    Span<float> target = gradWeightTransposed.Slice(j * outputs, outputs);
                    TensorPrimitives.Add(target, gRow, target);
                }
            }
        }
    }

    /// <summary>Naive dense reference of <see cref="WeightGradient"/>: dWᵀ[j, o] += Σ_r x[r, j]·dy[r, o].</summary>
    public static void WeightGradientReference(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed)
    {
        for (int j = 0; j < inputs; j++)
        {
            for (int o = 0; o < outputs; o++)
            {
                float sum = 0f;
                for (int r = 0; r < rows; r++)
                {
                    sum += x[r * inputs + j] * gradY[r * outputs + o];
                }
                gradWeightTransposed[j * outputs + o] += sum;
            }
        }
    }
}
