using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>
/// Vector256 fallback micro-kernel: a 6×16 tile of C in 12 accumulators (6 rows × 2 vectors of 8 floats).
/// </summary>
/// <remarks>
/// Register budget: sized for the 16 ymm registers of AVX2: 12 accumulators + 2 B vectors + 1 broadcast = 15,
/// so nothing spills on hardware without AVX-512.
/// Each depth step issues 12 multiply-adds against 2 vector loads and 6 broadcasts.
/// MultiplyAddEstimate is a fused multiply-add where the hardware has one, and a multiply then add where it
/// does not (a software FMA would be many times slower); every store goes through the same operations, so
/// results stay deterministic on a given machine.
/// </remarks>
internal readonly unsafe struct GemmMicroKernel256 : IGemmMicroKernel
{
    // Depth steps ahead that the B panel is prefetched (as in the AVX-512 kernel).
    private const int PrefetchSteps = 8;

    public static int Mr => 6;

    public static int Nr => 16;

    // 6×256 floats of A = 6 KiB, a fraction of L1 beside the streaming B panel.
    public static int Kc => 256;

    // 256×512 floats of packed B = 512 KiB, within a typical L2.
    public static int Nc => 512;

    // 1536×256 floats of packed A = 1.5 MiB, within a typical L3.
    public static int Mc => 1536;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta,
        int rows)
    {
        Vector256<float> c00 = default, c01 = default;
        Vector256<float> c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default;
        Vector256<float> c40 = default, c41 = default;
        Vector256<float> c50 = default, c51 = default;
        // Unrolled twice: one depth step is only 12 multiply-adds, so the loop overhead would otherwise push the
        // front end past its 4 uops per cycle. B is prefetched a few steps ahead, as it may be read in place.
        nint ahead = PrefetchSteps * bStride;
        int p = 0;
        for (; p <= kc - 2; p += 2)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(b + ahead);
                Sse.Prefetch0(b + ahead + 15);
                Sse.Prefetch0(b + ahead + bStride);
                Sse.Prefetch0(b + ahead + bStride + 15);
            }
            {
                Vector256<float> b0 = Vector256.Load(b);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> x = Vector256.Create(a[0]);
                c00 = Vector256.MultiplyAddEstimate(x, b0, c00);
                c01 = Vector256.MultiplyAddEstimate(x, b1, c01);
                x = Vector256.Create(a[1]);
                c10 = Vector256.MultiplyAddEstimate(x, b0, c10);
                c11 = Vector256.MultiplyAddEstimate(x, b1, c11);
                x = Vector256.Create(a[2]);
                c20 = Vector256.MultiplyAddEstimate(x, b0, c20);
                c21 = Vector256.MultiplyAddEstimate(x, b1, c21);
                x = Vector256.Create(a[3]);
                c30 = Vector256.MultiplyAddEstimate(x, b0, c30);
                c31 = Vector256.MultiplyAddEstimate(x, b1, c31);
                x = Vector256.Create(a[4]);
                c40 = Vector256.MultiplyAddEstimate(x, b0, c40);
                c41 = Vector256.MultiplyAddEstimate(x, b1, c41);
                x = Vector256.Create(a[5]);
                c50 = Vector256.MultiplyAddEstimate(x, b0, c50);
                c51 = Vector256.MultiplyAddEstimate(x, b1, c51);
            }
            a += 6;
            b += bStride;
            {
                Vector256<float> b0 = Vector256.Load(b);
                Vector256<float> b1 = Vector256.Load(b + 8);
                Vector256<float> x = Vector256.Create(a[0]);
                c00 = Vector256.MultiplyAddEstimate(x, b0, c00);
                c01 = Vector256.MultiplyAddEstimate(x, b1, c01);
                x = Vector256.Create(a[1]);
                c10 = Vector256.MultiplyAddEstimate(x, b0, c10);
                c11 = Vector256.MultiplyAddEstimate(x, b1, c11);
                x = Vector256.Create(a[2]);
                c20 = Vector256.MultiplyAddEstimate(x, b0, c20);
                c21 = Vector256.MultiplyAddEstimate(x, b1, c21);
                x = Vector256.Create(a[3]);
                c30 = Vector256.MultiplyAddEstimate(x, b0, c30);
                c31 = Vector256.MultiplyAddEstimate(x, b1, c31);
                x = Vector256.Create(a[4]);
                c40 = Vector256.MultiplyAddEstimate(x, b0, c40);
                c41 = Vector256.MultiplyAddEstimate(x, b1, c41);
                x = Vector256.Create(a[5]);
                c50 = Vector256.MultiplyAddEstimate(x, b0, c50);
                c51 = Vector256.MultiplyAddEstimate(x, b1, c51);
            }
            a += 6;
            b += bStride;
        }
        if (p < kc)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Vector256.MultiplyAddEstimate(x, b0, c00);
            c01 = Vector256.MultiplyAddEstimate(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Vector256.MultiplyAddEstimate(x, b0, c10);
            c11 = Vector256.MultiplyAddEstimate(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Vector256.MultiplyAddEstimate(x, b0, c20);
            c21 = Vector256.MultiplyAddEstimate(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Vector256.MultiplyAddEstimate(x, b0, c30);
            c31 = Vector256.MultiplyAddEstimate(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = Vector256.MultiplyAddEstimate(x, b0, c40);
            c41 = Vector256.MultiplyAddEstimate(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = Vector256.MultiplyAddEstimate(x, b0, c50);
            c51 = Vector256.MultiplyAddEstimate(x, b1, c51);
        }

        Vector256<float> alphaV = Vector256.Create(alpha);
        Vector256<float> betaV = Vector256.Create(beta);
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
        if (rows > 4)
        {
            Store(c + 4 * ldc, c40, c41, alphaV, betaV, readC);
        }
        if (rows > 5)
        {
            Store(c + 5 * ldc, c50, c51, alphaV, betaV, readC);
        }
    }

    /// <summary>c = alpha·acc + beta·c; with beta = 0, c = alpha·acc and c is not read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> lo, Vector256<float> hi,
        Vector256<float> alpha, Vector256<float> beta, bool readC)
    {
        if (readC)
        {
            lo = Vector256.MultiplyAddEstimate(lo, alpha, Vector256.Load(c) * beta);
            hi = Vector256.MultiplyAddEstimate(hi, alpha, Vector256.Load(c + 8) * beta);
        }
        else
        {
            lo *= alpha;
            hi *= alpha;
        }
        Vector256.Store(lo, c);
        Vector256.Store(hi, c + 8);
    }
}
