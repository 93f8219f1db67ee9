using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>
/// Vector128 fallback micro-kernel: a 6×8 tile of C in 12 accumulators (6 rows × 2 vectors of 4 floats).
/// </summary>
/// <remarks>
/// Register budget: sized for the 16 xmm registers of SSE: 12 accumulators + 2 B vectors + 1 broadcast = 15,
/// so nothing spills on hardware without AVX-512.
/// Each depth step issues 12 multiply-adds against 2 vector loads and 6 broadcasts.
/// MultiplyAddEstimate is a fused multiply-add where the hardware has one, and a multiply then add where it
/// does not (a software FMA would be many times slower); every store goes through the same operations, so
/// results stay deterministic on a given machine.
/// </remarks>
internal readonly unsafe struct GemmMicroKernel128 : IGemmMicroKernel
{
    // Depth steps ahead that the B panel is prefetched (as in the AVX-512 kernel).
    private const int PrefetchSteps = 8;

    public static int Mr => 6;

    public static int Nr => 8;

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
        Vector128<float> c00 = default, c01 = default;
        Vector128<float> c10 = default, c11 = default;
        Vector128<float> c20 = default, c21 = default;
        Vector128<float> c30 = default, c31 = default;
        Vector128<float> c40 = default, c41 = default;
        Vector128<float> c50 = default, c51 = default;
        // Unrolled twice: one depth step is only 12 multiply-adds, so the loop overhead would otherwise push the
        // front end past its 4 uops per cycle. B is prefetched a few steps ahead, as it may be read in place.
        nint ahead = PrefetchSteps * bStride;
        int p = 0;
        for (; p <= kc - 2; p += 2)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(b + ahead);
                Sse.Prefetch0(b + ahead + 7);
                Sse.Prefetch0(b + ahead + bStride);
                Sse.Prefetch0(b + ahead + bStride + 7);
            }
            {
                Vector128<float> b0 = Vector128.Load(b);
                Vector128<float> b1 = Vector128.Load(b + 4);
                Vector128<float> x = Vector128.Create(a[0]);
                c00 = Vector128.MultiplyAddEstimate(x, b0, c00);
                c01 = Vector128.MultiplyAddEstimate(x, b1, c01);
                x = Vector128.Create(a[1]);
                c10 = Vector128.MultiplyAddEstimate(x, b0, c10);
                c11 = Vector128.MultiplyAddEstimate(x, b1, c11);
                x = Vector128.Create(a[2]);
                c20 = Vector128.MultiplyAddEstimate(x, b0, c20);
                c21 = Vector128.MultiplyAddEstimate(x, b1, c21);
                x = Vector128.Create(a[3]);
                c30 = Vector128.MultiplyAddEstimate(x, b0, c30);
                c31 = Vector128.MultiplyAddEstimate(x, b1, c31);
                x = Vector128.Create(a[4]);
                c40 = Vector128.MultiplyAddEstimate(x, b0, c40);
                c41 = Vector128.MultiplyAddEstimate(x, b1, c41);
                x = Vector128.Create(a[5]);
                c50 = Vector128.MultiplyAddEstimate(x, b0, c50);
                c51 = Vector128.MultiplyAddEstimate(x, b1, c51);
            }
            a += 6;
            b += bStride;
            {
                Vector128<float> b0 = Vector128.Load(b);
                Vector128<float> b1 = Vector128.Load(b + 4);
                Vector128<float> x = Vector128.Create(a[0]);
                c00 = Vector128.MultiplyAddEstimate(x, b0, c00);
                c01 = Vector128.MultiplyAddEstimate(x, b1, c01);
                x = Vector128.Create(a[1]);
                c10 = Vector128.MultiplyAddEstimate(x, b0, c10);
                c11 = Vector128.MultiplyAddEstimate(x, b1, c11);
                x = Vector128.Create(a[2]);
                c20 = Vector128.MultiplyAddEstimate(x, b0, c20);
                c21 = Vector128.MultiplyAddEstimate(x, b1, c21);
                x = Vector128.Create(a[3]);
                c30 = Vector128.MultiplyAddEstimate(x, b0, c30);
                c31 = Vector128.MultiplyAddEstimate(x, b1, c31);
                x = Vector128.Create(a[4]);
                c40 = Vector128.MultiplyAddEstimate(x, b0, c40);
                c41 = Vector128.MultiplyAddEstimate(x, b1, c41);
                x = Vector128.Create(a[5]);
                c50 = Vector128.MultiplyAddEstimate(x, b0, c50);
                c51 = Vector128.MultiplyAddEstimate(x, b1, c51);
            }
            a += 6;
            b += bStride;
        }
        if (p < kc)
        {
            Vector128<float> b0 = Vector128.Load(b);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> x = Vector128.Create(a[0]);
            c00 = Vector128.MultiplyAddEstimate(x, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(x, b1, c01);
            x = Vector128.Create(a[1]);
            c10 = Vector128.MultiplyAddEstimate(x, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(x, b1, c11);
            x = Vector128.Create(a[2]);
            c20 = Vector128.MultiplyAddEstimate(x, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(x, b1, c21);
            x = Vector128.Create(a[3]);
            c30 = Vector128.MultiplyAddEstimate(x, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(x, b1, c31);
            x = Vector128.Create(a[4]);
            c40 = Vector128.MultiplyAddEstimate(x, b0, c40);
            c41 = Vector128.MultiplyAddEstimate(x, b1, c41);
            x = Vector128.Create(a[5]);
            c50 = Vector128.MultiplyAddEstimate(x, b0, c50);
            c51 = Vector128.MultiplyAddEstimate(x, b1, c51);
        }

        Vector128<float> alphaV = Vector128.Create(alpha);
        Vector128<float> betaV = Vector128.Create(beta);
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
    private static void Store(float* c, Vector128<float> lo, Vector128<float> hi,
        Vector128<float> alpha, Vector128<float> beta, bool readC)
    {
        if (readC)
        {
            lo = Vector128.MultiplyAddEstimate(lo, alpha, Vector128.Load(c) * beta);
            hi = Vector128.MultiplyAddEstimate(hi, alpha, Vector128.Load(c + 4) * beta);
        }
        else
        {
            lo *= alpha;
            hi *= alpha;
        }
        Vector128.Store(lo, c);
        Vector128.Store(hi, c + 4);
    }
}
