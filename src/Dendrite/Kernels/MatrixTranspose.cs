using Dendrite.Tensors;

namespace Dendrite.Kernels;

/// <summary>
/// [rows, columns] → [columns, rows] for row-major float matrices, walked in 32×32 tiles. The plain double loop
/// (<see cref="Reference"/>) touches a new cache line with every element on one side; tiles keep both sides' lines in L1.
/// Elements are only moved (or, in <see cref="AddInto"/>, added once each), so results equal the reference bit for bit.
/// </summary>
internal static class MatrixTranspose
{
    private const int Tile = 32;

    /// <summary>A new array holding the transpose of <paramref name="matrix"/>.</summary>
    public static float[] Of(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        var result = new float[rows * columns];
        Into(matrix, rows, columns, result);
        return result;
    }

    /// <summary>The transpose in an array rented from <see cref="BufferPool"/>; the caller returns it.</summary>
    public static float[] Rented(ReadOnlySpan<float> matrix, int rows, int columns)
    {
        float[] result = BufferPool.Rent<float>(rows * columns, clear: false);
        Into(matrix, rows, columns, result);
        return result;
    }

    /// <summary>result[c, r] = matrix[r, c].</summary>
    public static void Into(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> result) =>
        Walk(matrix, rows, columns, result, add: false);

    /// <summary>result[c, r] += matrix[r, c].</summary>
    public static void AddInto(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> result) =>
        Walk(matrix, rows, columns, result, add: true);

    /// <summary>The naive transpose that <see cref="Into"/> must equal.</summary>
    public static void Reference(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> result)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[c * rows + r] = matrix[r * columns + c];
            }
        }
    }

    private static void Walk(ReadOnlySpan<float> matrix, int rows, int columns, Span<float> result, bool add)
    {
        long size = (long)rows * columns;
        if (rows < 0 || columns < 0 || matrix.Length < size || result.Length < size)
        {
            throw new ArgumentException($"MatrixTranspose: a [{rows}, {columns}] matrix needs {size} floats on both sides; got {matrix.Length} and {result.Length}.");
        }
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(r0 + Tile, rows);
            for (int c0 = 0; c0 < columns; c0 += Tile)
            {
                int c1 = Math.Min(c0 + Tile, columns);
                for (int r = r0; r < r1; r++)
                {
                    ReadOnlySpan<float> row = matrix.Slice(r * columns, columns);
                    for (int c = c0; c < c1; c++)
                    {
                        if (add)
                        {
                            result[c * rows + r] += row[c];
                        }
                        else
                        {
                            result[c * rows + r] = row[c];
                        }
                    }
                }
            }
        }
    }
}
