namespace Dendrite.Kernels;

/// <summary>
/// A row vector against the rows of a row-major matrix: the bias broadcast of a projection's forward and the bias
/// gradient's column sums in its backward, split across threads for the [T·B, N] sizes of a training step.
/// </summary>
internal static class RowVector
{
    // Below this many floats one thread copies or adds faster than waking the other.
    private const long ParallelMinFloats = 1 << 18;

    /// <summary>Every row of target [rows, row.Length] = row; rows split across threads.</summary>
    public static unsafe void Broadcast(ReadOnlySpan<float> row, int rows, Span<float> target)
    {
        int width = row.Length;
        CheckSize(target.Length, rows, width);
        fixed (float* source = row, destination = target)
        {
            nint sourceAt = (nint)source, destinationAt = (nint)destination;
            ParallelRanges.Run(rows, (long)rows * width, ParallelMinFloats, (begin, end) =>
            {
                var values = new ReadOnlySpan<float>((float*)sourceAt, width);
                for (int r = begin; r < end; r++)
                {
                    values.CopyTo(new Span<float>((float*)destinationAt + (long)r * width, width));
                }
            });
        }
    }

    /// <summary>sum[c] += Σ_r matrix[r, c], rows in ascending order for every column (so any split of the columns across
    /// threads gives the same sums).</summary>
    public static unsafe void AddColumnSums(ReadOnlySpan<float> matrix, int rows, Span<float> sum)
    {
        int width = sum.Length;
        CheckSize(matrix.Length, rows, width);
        fixed (float* source = matrix, destination = sum)
        {
            nint sourceAt = (nint)source, destinationAt = (nint)destination;
            ParallelRanges.Run(width, (long)rows * width, ParallelMinFloats, (begin, end) =>
            {
                var columns = new Span<float>((float*)destinationAt + begin, end - begin);
                for (int r = 0; r < rows; r++)
                {
                    var values = new ReadOnlySpan<float>((float*)sourceAt + (long)r * width + begin, end - begin);
                    System.Numerics.Tensors.TensorPrimitives.Add(columns, values, columns);
                }
            });
        }
    }

    // The loops run on raw pointers, so the matrix must really hold rows × width floats.
    private static void CheckSize(int length, int rows, int width)
    {
        if (rows < 0 || length < (long)rows * width)
        {
            throw new ArgumentException($"RowVector: {rows} rows of {width} need {(long)rows * width} floats; got {length}.");
        }
    }
}
