namespace Dendrite.Kernels;

/// <summary>
/// The naive GEMM: an algorithmic reference for <see cref="Gemm"/> (tests compare the two), as llm.c keeps
/// <c>matmul_forward_naive</c>.
/// </summary>
public static class GemmReference
{
    /// <summary>C = alpha·op(A)·op(B) + beta·C, row-major, accumulating each dot product in double.</summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        Gemm.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float aValue = transposeA ? a[p * lda + i] : a[i * lda + p];
                    float bValue = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)aValue * bValue;
                }
                float previous = beta == 0f ? 0f : beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum) + previous;
            }
        }
    }
}
