using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>
/// Copies a block of op(A) or op(B) into the panel layout the micro-kernels read: panels of
/// <c>width</c> rows (A) or columns (B), each stored depth-major, <c>panel[p·width + x]</c>.
/// </summary>
/// <remarks>
/// Both operands and all four transpose combinations reduce to one source description: element (x, p), with x
/// along the panel and p along the depth, sits at <c>src[x·strideX + p·strideP]</c>, and one of the two
/// strides is 1. With strideX = 1 (A transposed, B not) each depth step is a contiguous copy; with
/// strideP = 1 (A not transposed, B transposed) the block is transposed 4×8 or 4×4 in registers. Panels
/// past the edge are zero-filled: their products are discarded, and zeros (not stale denormals) keep the
/// FMAs at full speed.
/// </remarks>
internal static unsafe class GemmPacking
{
    // Source rows of a depth block are short (Kc floats, about 1.5 KiB) and many, so the hardware prefetcher
    // keeps restarting and packing ran at 3–6 GB/s, a fifth of the time of some shapes. Software prefetch runs
    // this far ahead: rows of the next panel (transposing) or rows a few depth steps on (copying), about the
    // memory latency's worth of work.
    private const int PrefetchRowsAhead = 3;

    /// <summary>Packs the <paramref name="length"/>×<paramref name="depth"/> block into ⌈length/width⌉ panels at <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* source, nint strideX, nint strideP, int length, int depth, int width, float* destination)
    {
        if (strideX == 1)
        {
            PackContiguous(source, strideP, length, depth, width, destination);
            return;
        }
        for (int x0 = 0; x0 < length; x0 += width)
        {
            PackTransposed(source + x0 * strideX, strideX, Math.Min(width, length - x0), depth, width,
                destination + (nint)x0 * depth);
        }
    }

    /// <summary>
    /// Depth step p is a contiguous source row. Each row is read once from start to end and dealt out to all
    /// panels: walking one panel at a time instead would touch a new page per step (rows of a large B are
    /// kilobytes apart), which the hardware prefetcher cannot follow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackContiguous(float* source, nint strideP, int length, int depth, int width, float* destination)
    {
        for (int p = 0; p < depth; p++)
        {
            float* from = source + p * strideP;
            float* ahead = from + PrefetchRowsAhead * strideP;
            for (int x0 = 0; x0 < length; x0 += width)
            {
                PrefetchLines(ahead + x0, Math.Min(width, length - x0));
                CopyPadded(from + x0, destination + (nint)x0 * depth + (nint)p * width, Math.Min(width, length - x0), width);
            }
        }
    }

    /// <summary>Asks for the cache lines holding <paramref name="count"/> floats from <paramref name="address"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchLines(float* address, int count)
    {
        if (Sse.IsSupported)
        {
            for (int x = 0; x < count; x += 16)
            {
                Sse.Prefetch0(address + x);
            }
            Sse.Prefetch0(address + count - 1);
        }
    }

    /// <summary>Copies <paramref name="count"/> floats and zero-fills the rest of the <paramref name="width"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyPadded(float* from, float* to, int count, int width)
    {
        int x = 0;
        for (; x <= count - 8; x += 8)
        {
            Vector256.Store(Vector256.Load(from + x), to + x);
        }
        for (; x <= count - 4; x += 4)
        {
            Vector128.Store(Vector128.Load(from + x), to + x);
        }
        for (; x < count; x++)
        {
            to[x] = from[x];
        }
        for (; x < width; x++)
        {
            to[x] = 0f;
        }
    }

    /// <summary>
    /// Row x of the block is contiguous along the depth; write it as column x of the panel. Works in 4-row ×
    /// 8-deep tiles, depth-major, so that one pass writes a contiguous stretch of the panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposed(float* source, nint strideX, int count, int depth, int width, float* panel)
    {
        int groups = Sse.IsSupported ? count / 4 * 4 : 0;
        int p = 0;
        if (Avx.IsSupported)
        {
            for (; p <= depth - 8; p += 8)
            {
                if ((p & 15) == 0)
                {
                    // One line of each row of the next panel (past the last panel this prefetches harmlessly
                    // outside the block: prefetches never fault).
                    for (int x = 0; x < width; x++)
                    {
                        Sse.Prefetch0(source + (width + x) * strideX + p);
                    }
                }
                for (int x = 0; x < groups; x += 4)
                {
                    Transpose4x8(source + x * strideX + p, strideX, panel + (nint)p * width + x, width);
                }
            }
        }
        for (; p <= depth - 4; p += 4)
        {
            for (int x = 0; x < groups; x += 4)
            {
                Transpose4x4(source + x * strideX + p, strideX, panel + (nint)p * width + x, width);
            }
        }
        TransposeScalar(source, strideX, 0, groups, p, depth, panel, width);
        TransposeScalar(source, strideX, groups, count, 0, depth, panel, width);
        for (p = 0; p < depth; p++)
        {
            for (int pad = count; pad < width; pad++)
            {
                panel[(nint)p * width + pad] = 0f;
            }
        }
    }

    /// <summary>Rows [xStart, xEnd) × depth [pStart, depth) one float at a time.</summary>
    private static void TransposeScalar(float* source, nint strideX, int xStart, int xEnd, int pStart, int depth,
        float* panel, int width)
    {
        for (int x = xStart; x < xEnd; x++)
        {
            float* from = source + x * strideX;
            for (int p = pStart; p < depth; p++)
            {
                panel[(nint)p * width + x] = from[p];
            }
        }
    }

    /// <summary>
    /// Four rows of eight: unpacks and shuffles leave depth q in the low lane and q + 4 in the high lane, each
    /// stored as 16 bytes. About as many shuffles per float as an 8×8 transpose, but a 16-byte store never
    /// straddles a cache line at the 48-byte stride of a 12-row panel, and any multiple of 4 rows works.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x8(float* source, nint stride, float* destination, int width)
    {
        Vector256<float> r0 = Avx.LoadVector256(source);
        Vector256<float> r1 = Avx.LoadVector256(source + stride);
        Vector256<float> r2 = Avx.LoadVector256(source + 2 * stride);
        Vector256<float> r3 = Avx.LoadVector256(source + 3 * stride);
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> q04 = Avx.Shuffle(t0, t2, 0x44), q15 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> q26 = Avx.Shuffle(t1, t3, 0x44), q37 = Avx.Shuffle(t1, t3, 0xEE);
        Sse.Store(destination, q04.GetLower());
        Sse.Store(destination + width, q15.GetLower());
        Sse.Store(destination + 2 * width, q26.GetLower());
        Sse.Store(destination + 3 * width, q37.GetLower());
        Sse.Store(destination + 4 * width, q04.GetUpper());
        Sse.Store(destination + 5 * width, q15.GetUpper());
        Sse.Store(destination + 6 * width, q26.GetUpper());
        Sse.Store(destination + 7 * width, q37.GetUpper());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(float* source, nint stride, float* destination, int width)
    {
        Vector128<float> r0 = Sse.LoadVector128(source);
        Vector128<float> r1 = Sse.LoadVector128(source + stride);
        Vector128<float> r2 = Sse.LoadVector128(source + 2 * stride);
        Vector128<float> r3 = Sse.LoadVector128(source + 3 * stride);
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackHigh(r0, r1);
        Vector128<float> t2 = Sse.UnpackLow(r2, r3), t3 = Sse.UnpackHigh(r2, r3);
        Sse.Store(destination, Sse.MoveLowToHigh(t0, t2));
        Sse.Store(destination + width, Sse.MoveHighToLow(t2, t0));
        Sse.Store(destination + 2 * width, Sse.MoveLowToHigh(t1, t3));
        Sse.Store(destination + 3 * width, Sse.MoveHighToLow(t3, t1));
    }
}
