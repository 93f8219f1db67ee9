namespace Dendrite.Kernels;

/// <summary>
/// A row vector (or one per stream) against the rows of a row-major matrix: the bias broadcast of a projection's forward
/// and the bias gradient's column sums in its backward, split across threads for the [T·B, N] sizes of a training step.
/// </summary>
internal static class RowVector
{
    // Below this many floats one thread copies or adds faster than waking the other.
    private const long ParallelMinFloats = 1 << 18;

    /// <summary>Every row of target [rows, row.Length] = row; rows split across threads.</summary>
    public static void Broadcast(ReadOnlySpan<float> row, int rows, Span<float> target) => BroadcastCycled(row, 1, rows, target);

    /// <summary>
    /// target [rows, width] row r = cycle [k, width] row r mod k (the per-stream rows of a [T, k, width] sequence); rows split
    /// across threads.
    /// </summary>
    public static unsafe void BroadcastCycled(ReadOnlySpan<float> cycle, int k, int rows, Span<float> target)
    {
        int width = cycle.Length / Math.Max(k, 1);
        CheckSize(cycle.Length, k, width);
        CheckSize(target.Length, rows, width);
        fixed (float* source = cycle, destination = target)
        {
            nint sourceAt = (nint)source, destinationAt = (nint)destination;
            ParallelRanges.Run(rows, (long)rows * width, ParallelMinFloats, (begin, end) =>
            {
                for (int r = begin; r < end; r++)
                {
                    new ReadOnlySpan<float>((float*)sourceAt + (long)(r % k) * width, width)
                        .CopyTo(new Span<float>((float*)destinationAt + (long)r * width, width));
                }
            });
        }
    }

    /// <summary>sum[c] += Σ_r matrix[r, c], rows in ascending order for every column (so any split of the columns across
    /// threads gives the same sums).</summary>
    public static void AddColumnSums(ReadOnlySpan<float> matrix, int rows, Span<float> sum) => AddCycleSums(matrix, rows, 1, sum);

    /// <summary>
    /// sums [k, width] row j += Σ over rows r ≡ j (mod k) of matrix [rows, width], ascending in r for every column (so any
    /// split of the columns across threads gives the same sums): per-stream sums over the steps of a [T, k, width] sequence.
    /// </summary>
    public static unsafe void AddCycleSums(ReadOnlySpan<float> matrix, int rows, int k, Span<float> sums)
    {
        int width = sums.Length / Math.Max(k, 1);
        CheckSize(sums.Length, k, width);
        CheckSize(matrix.Length, rows, width);
        fixed (float* source = matrix, destination = sums)
        {
            nint sourceAt = (nint)source, destinationAt = (nint)destination;
            ParallelRanges.Run(width, (long)rows * width, ParallelMinFloats, (begin, end) =>
            {
                for (int r = 0; r < rows; r++)
                {
                    var columns = new Span<float>((float*)destinationAt + (long)(r % k) * width + begin, end - begin);
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
