using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>
/// AVX-512 micro-kernel: a 12×32 tile of C in 24 zmm accumulators (12 rows × 2 vectors of 16 floats).
/// </summary>
/// <remarks>
/// Register budget: 24 accumulators + 2 B vectors + 1 broadcast = 27 of the 32 zmm registers, so nothing
/// spills. Each depth step issues 24 FMAs (12 cycles on two FMA ports) against 2 vector loads and 12
/// broadcasts, which leaves the load ports slack. 24 independent chains also hide the 4-cycle FMA latency.
/// Row remainders use the same code with 4 or 8 rows (the JIT drops the unused rows), so a short edge panel
/// does not pay for 12.
/// </remarks>
internal readonly unsafe struct GemmMicroKernel512 : IGemmMicroKernel
{
    // How many depth steps ahead the B panel is prefetched: about 100 cycles of work, more than an L2 hit's
    // latency.
    private const int PrefetchSteps = 8;

    public static int Mr => 12;

    public static int Nr => 32;

    // 12×384 floats of A = 18 KiB of the 32 KiB L1, the rest for the streaming B and C lines.
    public static int Kc => 384;

    // 384×512 floats of packed B = 768 KiB of the 1 MiB L2.
    public static int Nc => 512;

    // 1920×384 floats of packed A = 2.8 MiB, well inside the shared L3.
    public static int Mc => 1920;

    public static void Multiply(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta,
        int rows)
    {
        if (rows > 8)
        {
            Tile<Rows12>(kc, a, b, bStride, c, ldc, alpha, beta, rows);
        }
        else if (rows > 4)
        {
            Tile<Rows8>(kc, a, b, bStride, c, ldc, alpha, beta, rows);
        }
        else
        {
            Tile<Rows4>(kc, a, b, bStride, c, ldc, alpha, beta, rows);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows>(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta,
        int rows)
        where TRows : struct, IRowCount
    {
        // C is swept once per depth block and has usually left the cache; ask for its lines now so that they
        // arrive while the loop runs (up to three lines per row when C is not 64-byte aligned).
        // (Prefetch is x86-only; the tests also force this width elsewhere, where it runs without.)
        for (int r = 0; Sse.IsSupported && r < rows; r++)
        {
            Sse.Prefetch0(c + r * ldc);
            Sse.Prefetch0(c + r * ldc + 16);
            Sse.Prefetch0(c + r * ldc + 31);
        }

        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        Vector512<float> c80 = default, c81 = default, c90 = default, c91 = default;
        Vector512<float> ca0 = default, ca1 = default, cb0 = default, cb1 = default;
        // B streams from L2 with a stride that may not be Nr (read in place), so it is prefetched a few depth
        // steps ahead; the loop is unrolled twice to keep the front end below its 4 uops per cycle.
        nint ahead = PrefetchSteps * bStride;
        int p = 0;
        for (; p <= kc - 2; p += 2)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(b + ahead);
                Sse.Prefetch0(b + ahead + 16);
                Sse.Prefetch0(b + ahead + bStride);
                Sse.Prefetch0(b + ahead + bStride + 16);
            }
            {
                Vector512<float> b0 = Vector512.Load(b);
                Vector512<float> b1 = Vector512.Load(b + 16);
                Vector512<float> x = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                if (TRows.Value > 4)
                {
                    x = Vector512.Create(a[4]);
                    c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                    c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                    x = Vector512.Create(a[5]);
                    c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                    c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                    x = Vector512.Create(a[6]);
                    c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
                    c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                    x = Vector512.Create(a[7]);
                    c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
                    c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
                }
                if (TRows.Value > 8)
                {
                    x = Vector512.Create(a[8]);
                    c80 = Vector512.FusedMultiplyAdd(x, b0, c80);
                    c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
                    x = Vector512.Create(a[9]);
                    c90 = Vector512.FusedMultiplyAdd(x, b0, c90);
                    c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
                    x = Vector512.Create(a[10]);
                    ca0 = Vector512.FusedMultiplyAdd(x, b0, ca0);
                    ca1 = Vector512.FusedMultiplyAdd(x, b1, ca1);
                    x = Vector512.Create(a[11]);
                    cb0 = Vector512.FusedMultiplyAdd(x, b0, cb0);
                    cb1 = Vector512.FusedMultiplyAdd(x, b1, cb1);
                }
            }
            a += 12;
            b += bStride;
            {
                Vector512<float> b0 = Vector512.Load(b);
                Vector512<float> b1 = Vector512.Load(b + 16);
                Vector512<float> x = Vector512.Create(a[0]);
                c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
                c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
                x = Vector512.Create(a[1]);
                c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
                c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
                x = Vector512.Create(a[2]);
                c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
                c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
                x = Vector512.Create(a[3]);
                c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
                c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
                if (TRows.Value > 4)
                {
                    x = Vector512.Create(a[4]);
                    c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                    c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                    x = Vector512.Create(a[5]);
                    c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                    c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                    x = Vector512.Create(a[6]);
                    c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
                    c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                    x = Vector512.Create(a[7]);
                    c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
                    c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
                }
                if (TRows.Value > 8)
                {
                    x = Vector512.Create(a[8]);
                    c80 = Vector512.FusedMultiplyAdd(x, b0, c80);
                    c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
                    x = Vector512.Create(a[9]);
                    c90 = Vector512.FusedMultiplyAdd(x, b0, c90);
                    c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
                    x = Vector512.Create(a[10]);
                    ca0 = Vector512.FusedMultiplyAdd(x, b0, ca0);
                    ca1 = Vector512.FusedMultiplyAdd(x, b1, ca1);
                    x = Vector512.Create(a[11]);
                    cb0 = Vector512.FusedMultiplyAdd(x, b0, cb0);
                    cb1 = Vector512.FusedMultiplyAdd(x, b1, cb1);
                }
            }
            a += 12;
            b += bStride;
        }
        if (p < kc)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            if (TRows.Value > 4)
            {
                x = Vector512.Create(a[4]);
                c40 = Vector512.FusedMultiplyAdd(x, b0, c40);
                c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
                x = Vector512.Create(a[5]);
                c50 = Vector512.FusedMultiplyAdd(x, b0, c50);
                c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
                x = Vector512.Create(a[6]);
                c60 = Vector512.FusedMultiplyAdd(x, b0, c60);
                c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
                x = Vector512.Create(a[7]);
                c70 = Vector512.FusedMultiplyAdd(x, b0, c70);
                c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            }
            if (TRows.Value > 8)
            {
                x = Vector512.Create(a[8]);
                c80 = Vector512.FusedMultiplyAdd(x, b0, c80);
                c81 = Vector512.FusedMultiplyAdd(x, b1, c81);
                x = Vector512.Create(a[9]);
                c90 = Vector512.FusedMultiplyAdd(x, b0, c90);
                c91 = Vector512.FusedMultiplyAdd(x, b1, c91);
                x = Vector512.Create(a[10]);
                ca0 = Vector512.FusedMultiplyAdd(x, b0, ca0);
                ca1 = Vector512.FusedMultiplyAdd(x, b1, ca1);
                x = Vector512.Create(a[11]);
                cb0 = Vector512.FusedMultiplyAdd(x, b0, cb0);
                cb1 = Vector512.FusedMultiplyAdd(x, b1, cb1);
            }
        }

        // Row r is written only when r < rows; the tests of r against TRows.Value fold away at JIT time.
        Vector512<float> alphaV = Vector512.Create(alpha);
        Vector512<float> betaV = Vector512.Create(beta);
        bool readC = beta != 0f;
        Store(c, c00, c01, alphaV, betaV, readC);
        if (rows > 1)
        {
            Store(c + ldc, c10, c11, alphaV, betaV, readC);
        }
        if (rows > 2)
        {
            Store(c + 2 * ldc, c20, c21, alphaV, betaV, readC);
        }
        if (rows > 3)
        {
            Store(c + 3 * ldc, c30, c31, alphaV, betaV, readC);
        }
        if (TRows.Value > 4)
        {
            if (rows > 4)
            {
                Store(c + 4 * ldc, c40, c41, alphaV, betaV, readC);
            }
            if (rows > 5)
            {
                Store(c + 5 * ldc, c50, c51, alphaV, betaV, readC);
            }
            if (rows > 6)
            {
                Store(c + 6 * ldc, c60, c61, alphaV, betaV, readC);
            }
            if (rows > 7)
            {
                Store(c + 7 * ldc, c70, c71, alphaV, betaV, readC);
            }
        }
        if (TRows.Value > 8)
        {
            if (rows > 8)
            {
                Store(c + 8 * ldc, c80, c81, alphaV, betaV, readC);
            }
            if (rows > 9)
            {
                Store(c + 9 * ldc, c90, c91, alphaV, betaV, readC);
            }
            if (rows > 10)
            {
                Store(c + 10 * ldc, ca0, ca1, alphaV, betaV, readC);
            }
            if (rows > 11)
            {
                Store(c + 11 * ldc, cb0, cb1, alphaV, betaV, readC);
            }
        }
    }

    /// <summary>c = alpha·acc + beta·c with one rounding of the sum (FMA); with beta = 0, c = alpha·acc.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> lo, Vector512<float> hi,
        Vector512<float> alpha, Vector512<float> beta, bool readC)
    {
        if (readC)
        {
            lo = Vector512.FusedMultiplyAdd(lo, alpha, Vector512.Load(c) * beta);
            hi = Vector512.FusedMultiplyAdd(hi, alpha, Vector512.Load(c + 16) * beta);
        }
        else
        {
            lo *= alpha;
            hi *= alpha;
        }
        Vector512.Store(lo, c);
        Vector512.Store(hi, c + 16);
    }
}
