namespace Dendrite.Kernels;

/// <summary>
/// Numerically stable softmax and log-softmax over the rows of a [rows, n] matrix: the row maximum is
/// subtracted before exponentiating (TensorPrimitives.SoftMax does not, and overflows for inputs ≥ ~89).
/// </summary>
public static class Softmax
{
    /// <summary>destination = softmax(x) row by row.</summary>
    public static void Forward(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        CheckRows(x, n, destination);
        for (int row = 0; row < x.Length / Math.Max(n, 1); row++)
        {
            ReadOnlySpan<float> input = x.Slice(row * n, n);
            Span<float> output = destination.Slice(row * n, n);
            float max = RowMax(input);
            System.Numerics.Tensors.TensorPrimitives.Subtract(input, max, output);
            System.Numerics.Tensors.TensorPrimitives.Exp(output, output);
            float sum = System.Numerics.Tensors.TensorPrimitives.Sum<float>(output);
            System.Numerics.Tensors.TensorPrimitives.Divide(output, sum, output);
        }
    }

    /// <summary>destination = log softmax(x) = x − max − log Σ exp(x − max), row by row.</summary>
    public static void LogForward(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        CheckRows(x, n, destination);
        for (int row = 0; row < x.Length / Math.Max(n, 1); row++)
        {
            ReadOnlySpan<float> input = x.Slice(row * n, n);
            Span<float> output = destination.Slice(row * n, n);
            float max = RowMax(input);
            double sum = 0;
            foreach (float value in input)
            {
                sum += Math.Exp(value - max);
            }
            // Subtract the max first, then the log-sum: adding them first would round away digits of the log-sum.
            System.Numerics.Tensors.TensorPrimitives.Subtract(input, max, output);
            System.Numerics.Tensors.TensorPrimitives.Subtract(output, (float)Math.Log(sum), output);
        }
    }

    /// <summary>The maximum of a row; NaN when the row holds a NaN (so it propagates instead of hiding).</summary>
    public static float RowMax(ReadOnlySpan<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float value in row)
        {
            if (float.IsNaN(value))
            {
                return float.NaN;
            }
            max = Math.Max(max, value);
        }
        return max;
    }

    private static void CheckRows(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        if (n <= 0 || x.Length % n != 0)
        {
            ThrowHelper.ThrowArgument($"Softmax: {x.Length} values are not whole rows of {n}.", nameof(n));
        }
        if (destination.Length < x.Length)
        {
            ThrowHelper.ThrowDestinationTooShort();
        }
    }
}
