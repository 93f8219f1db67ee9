namespace Dendrite.Kernels;

/// <summary>General matrix multiply on row-major float32 matrices (the BLAS <c>sgemm</c> contract).</summary>
public static class Gemm
{
    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, where op(A) is M×K and op(B) is K×N, all row-major with leading
    /// dimensions <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>.
    /// With <paramref name="beta"/> = 0, C is not read (NaN in C does not propagate), as in BLAS.
    /// </summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        // Placeholder until the blocked kernel lands: i-p-j order so the inner loop streams rows.
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
            for (int p = 0; p < k; p++)
            {
                float aValue = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p]);
                if (transposeB)
                {
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += aValue * b[j * ldb + p];
                    }
                }
                else
                {
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.Slice(p * ldb, n), aValue, row, row);
                }
            }
        }
    }

    /// <summary>Checks the dimensions and that every operand is long enough; throws ArgumentException naming the operand.</summary>
    internal static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            ThrowHelper.ThrowArgument($"GEMM dimensions must be non-negative; got M={m}, N={n}, K={k}.");
        }
        CheckOperand("A", transposeA ? k : m, transposeA ? m : k, aLength, lda);
        CheckOperand("B", transposeB ? n : k, transposeB ? k : n, bLength, ldb);
        CheckOperand("C", m, n, cLength, ldc);
    }

    private static void CheckOperand(string name, int rows, int cols, int length, int leading)
    {
        if (leading < Math.Max(1, cols))
        {
            ThrowHelper.ThrowArgument($"GEMM: leading dimension of {name} is {leading}, less than its {cols} columns.", name.ToLowerInvariant());
        }
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * leading + cols;
        if (length < needed)
        {
            ThrowHelper.ThrowArgument($"GEMM: {name} is {rows}×{cols} with leading dimension {leading} and needs {needed} elements; it has {length}.", name.ToLowerInvariant());
        }
    }
}
