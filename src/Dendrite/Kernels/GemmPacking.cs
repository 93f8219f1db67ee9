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
/// strideP = 1 (A not transposed, B transposed) the block is transposed 8×8 or 4×4 in registers. Panels
/// past the edge are zero-filled: their products are discarded, and zeros (not stale denormals) keep the
/// FMAs at full speed.
/// </remarks>
internal static unsafe class GemmPacking
{
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
            for (int x0 = 0; x0 < length; x0 += width)
            {
                CopyPadded(from + x0, destination + (nint)x0 * depth + (nint)p * width, Math.Min(width, length - x0), width);
            }
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

    /// <summary>Row x of the block is contiguous along the depth; write it as column x of the panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackTransposed(float* source, nint strideX, int count, int depth, int width, float* panel)
    {
        int x = 0;
        if (Avx.IsSupported)
        {
            for (; x <= count - 8; x += 8)
            {
                int p = 0;
                for (; p <= depth - 8; p += 8)
                {
                    Transpose8x8(source + x * strideX + p, strideX, panel + (nint)p * width + x, width);
                }
                TransposeScalar(source + x * strideX, strideX, 8, p, depth, panel + x, width);
            }
        }
        if (Sse.IsSupported)
        {
            for (; x <= count - 4; x += 4)
            {
                int p = 0;
                for (; p <= depth - 4; p += 4)
                {
                    Transpose4x4(source + x * strideX + p, strideX, panel + (nint)p * width + x, width);
                }
                TransposeScalar(source + x * strideX, strideX, 4, p, depth, panel + x, width);
            }
        }
        TransposeScalar(source + x * strideX, strideX, count - x, 0, depth, panel + x, width);
        for (int p = 0; p < depth; p++)
        {
            for (int pad = count; pad < width; pad++)
            {
                panel[(nint)p * width + pad] = 0f;
            }
        }
    }

    private static void TransposeScalar(float* source, nint strideX, int rows, int pStart, int depth, float* panel, int width)
    {
        for (int r = 0; r < rows; r++)
        {
            float* from = source + r * strideX;
            for (int p = pStart; p < depth; p++)
            {
                panel[(nint)p * width + r] = from[p];
            }
        }
    }

    /// <summary>The standard unpack / shuffle / lane-permute 8×8 transpose (24 shuffles for 64 floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* source, nint stride, float* destination, int width)
    {
        Vector256<float> r0 = Avx.LoadVector256(source);
        Vector256<float> r1 = Avx.LoadVector256(source + stride);
        Vector256<float> r2 = Avx.LoadVector256(source + 2 * stride);
        Vector256<float> r3 = Avx.LoadVector256(source + 3 * stride);
        Vector256<float> r4 = Avx.LoadVector256(source + 4 * stride);
        Vector256<float> r5 = Avx.LoadVector256(source + 5 * stride);
        Vector256<float> r6 = Avx.LoadVector256(source + 6 * stride);
        Vector256<float> r7 = Avx.LoadVector256(source + 7 * stride);

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(destination, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(destination + width, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(destination + 2 * width, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(destination + 3 * width, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(destination + 4 * width, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(destination + 5 * width, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(destination + 6 * width, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(destination + 7 * width, Avx.Permute2x128(s3, s7, 0x31));
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
