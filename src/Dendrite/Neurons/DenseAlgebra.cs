using System.Numerics;
using System.Runtime.InteropServices;
using Dendrite.Kernels;

namespace Dendrite.Neurons;

/// <summary>GEMM over float (the library's <see cref="Gemm"/>) or double (a naive loop, for double-precision checks).</summary>
internal static class DenseAlgebra
{
    /// <summary>C = op(A)·op(B) + beta·C, row-major, as <c>Gemm.Multiply</c>.</summary>
    public static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, double beta, Span<T> c, int ldc)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f,
                MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb, (float)beta, MemoryMarshal.Cast<T, float>(c), ldc);
            return;
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = transposeA ? a[p * lda + i] : a[i * lda + p];
                    T y = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                }
                T old = beta == 0 ? T.Zero : T.CreateTruncating(beta) * c[i * ldc + j];
                c[i * ldc + j] = old + sum;
            }
        }
    }
}
