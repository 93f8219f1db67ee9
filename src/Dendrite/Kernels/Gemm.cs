using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>General matrix multiply on row-major float32 matrices (the BLAS <c>sgemm</c> contract).</summary>
/// <remarks>
/// Packs panels of op(A) and op(B) (<see cref="GemmPacking"/>), runs a register-blocked micro-kernel of the
/// widest accelerated vector width over cache blocks (<see cref="GemmBlocked{TKernel}"/>), and splits C into
/// row or column strips over <see cref="KernelThreads.Count"/> threads (<see cref="WorkerPool"/>).
/// Deterministic: every element of C is computed by the same sequence of operations whatever the thread
/// count, so results are bit-identical for any number of threads on a given machine.
/// </remarks>
public static class Gemm
{
    // Below about 2·64³ flops (≈ 5 µs on one core) handing half the work to a second thread costs more than
    // it saves.
    internal const long ParallelMinFlops = 2L * 64 * 64 * 64;

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C, where op(A) is M×K and op(B) is K×N, all row-major with leading
    /// dimensions <paramref name="lda"/>, <paramref name="ldb"/>, <paramref name="ldc"/>.
    /// With <paramref name="beta"/> = 0, C is not read (NaN in C does not propagate), as in BLAS; with
    /// <paramref name="alpha"/> = 0 or K = 0, A and B are not read.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension is negative, a leading dimension is smaller than its
    /// row, or an operand is too short; the parameter name says which (<c>a</c>, <c>b</c>, <c>c</c>).</exception>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc) =>
        Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc,
            GemmKernelWidth.Auto, KernelThreads.Count);

    /// <summary>
    /// As the public overload, with the kernel width, the thread count and the smallest problem worth
    /// splitting explicit, so that tests can force each of them without touching global settings.
    /// </summary>
    internal static unsafe void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, GemmKernelWidth width, int threads,
        long parallelMinFlops = ParallelMinFlops)
    {
        Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }
        fixed (float* aPointer = a, bPointer = b, cPointer = c)
        {
            var operands = new GemmOperands(transposeA, transposeB, m, n, k, alpha, aPointer, lda, bPointer, ldb,
                beta, cPointer, ldc);
            switch (Resolve(width))
            {
                case GemmKernelWidth.Vector512:
                    GemmParallel<GemmMicroKernel512>.Run(operands, threads, parallelMinFlops);
                    break;
                case GemmKernelWidth.Vector256:
                    GemmParallel<GemmMicroKernel256>.Run(operands, threads, parallelMinFlops);
                    break;
                default:
                    GemmParallel<GemmMicroKernel128>.Run(operands, threads, parallelMinFlops);
                    break;
            }
        }
    }

    /// <summary>The widest micro-kernel the hardware runs natively.</summary>
    /// <remarks>
    /// On Skylake-X and Cascade Lake, .NET reports <c>Vector512.IsHardwareAccelerated</c> = false (it prefers
    /// 256-bit vectors because of AVX-512 frequency licences), yet a GEMM is exactly the code for which 512-bit
    /// FMAs pay off, as OpenBLAS's SkylakeX kernels show; so AVX-512F support is enough.
    /// </remarks>
    internal static GemmKernelWidth Resolve(GemmKernelWidth width)
    {
        if (width != GemmKernelWidth.Auto)
        {
            return width;
        }
        if (Vector512.IsHardwareAccelerated || Avx512F.IsSupported)
        {
            return GemmKernelWidth.Vector512;
        }
        return Vector256.IsHardwareAccelerated ? GemmKernelWidth.Vector256 : GemmKernelWidth.Vector128;
    }

    /// <summary>C = beta·C (C = 0 when beta = 0, without reading C).</summary>
    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
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
