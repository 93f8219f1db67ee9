using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>
/// target[i, :] += Σ over the set bits k of line i of a <see cref="SpikeMasks"/> of source[k, :]: the core of the event-driven
/// projection (lines are rows, source the transposed weights) and of its weight gradient (lines are inputs, source the
/// output gradient). Tiled so that the additions read L1, not L2 or memory. A second set of masks, optional, lists rows
/// to subtract (<see cref="ComplementCoding"/>).
/// </summary>
/// <remarks>
/// The additions are load-bound (one add per loaded float), so the source must stay close. The work is cut into tiles of
/// <see cref="Width"/> outputs × <see cref="Chunk"/> source rows (32 KB, packed contiguously, read from L1 and L2 without TLB misses) and
/// <see cref="TargetRows"/> target lines × <see cref="Width"/> outputs. Each line's entries are one 64-bit mask per source
/// chunk, walked with trailing-zero counts while eight registers of 16 floats accumulate. Threads take whole output blocks;
/// each output adds its source rows in ascending order, starting from the target's value, then subtracts its subtracted
/// rows in ascending order, chunk by chunk, whatever the thread count.
/// </remarks>
internal static class MaskedRowSum
{
    /// <summary>Outputs per block: eight vectors of 16 floats held in registers.</summary>
    private const int Width = 128;

    /// <summary>Source rows per tile, one bit each in a 64-bit mask.</summary>
    private const int Chunk = 64;

    /// <summary>Target lines per tile (64 × 128 floats = 32 KB).</summary>
    private const int TargetRows = 64;

    // Below about this many additions one thread is faster than waking the other.
    private const long ParallelMinWork = 1 << 18;

    /// <summary>
    /// target [lines, width] += sum of the source [sourceRows, width] rows each line lists. Both are row-major with row
    /// stride <paramref name="width"/>.
    /// </summary>
    public static void Run(SpikeMasks lines, ReadOnlySpan<float> source, int width, Span<float> target) =>
        Run(lines, null, source, width, target);

    /// <summary>
    /// target [lines, width] += sum of the source rows each line of <paramref name="add"/> lists − sum of those the same
    /// line of <paramref name="subtract"/> (same shape, or null) lists.
    /// </summary>
    public static unsafe void Run(SpikeMasks add, SpikeMasks? subtract, ReadOnlySpan<float> source, int width, Span<float> target)
    {
        int sourceRows = add.Columns;
        if (source.Length < (long)sourceRows * width || target.Length < (long)add.Lines * width)
        {
            throw new ArgumentException($"MaskedRowSum: source needs {sourceRows}×{width} and target {add.Lines}×{width} floats, got {source.Length} and {target.Length}.");
        }
        if (subtract is not null && (subtract.Lines != add.Lines || subtract.Columns != add.Columns))
        {
            throw new ArgumentException($"MaskedRowSum: the subtracted masks are {subtract.Lines}×{subtract.Columns}, the added {add.Lines}×{add.Columns}.", nameof(subtract));
        }
        int blocks = (width + Width - 1) / Width;
        long work = (add.Count + (subtract?.Count ?? 0)) * width;
        ulong[] minus = subtract?.Bits ?? [];
        fixed (float* s = source, t = target)
        fixed (ulong* m = add.Bits, n = minus)
        {
            nint sAt = (nint)s, tAt = (nint)t, mAt = (nint)m, nAt = subtract is null ? 0 : (nint)n;
            ParallelRanges.Run(blocks, work, ParallelMinWork, (begin, end) =>
                RunBlocks((ulong*)mAt, (ulong*)nAt, add.Lines, add.Words, sourceRows, (float*)sAt, width, (float*)tAt, begin, end));
        }
    }

    private static unsafe void RunBlocks(ulong* masks, ulong* minus, int lines, int chunks, int sourceRows, float* source, int width, float* target, int begin, int end)
    {
        // Per thread: the packed source block [chunks·64, 64] (zero rows past sourceRows) and a target tile.
        float[] packed = ArrayPool<float>.Shared.Rent(chunks * Chunk * Width + Lanes);
        float[] tile = ArrayPool<float>.Shared.Rent(TargetRows * Width + Lanes);
        try
        {
            fixed (float* packedStart = packed, tileStart = tile)
            {
                // 64-byte alignment keeps every vector load inside one cache line.
                float* p = Align(packedStart);
                float* y = Align(tileStart);
                for (int block = begin; block < end; block++)
                {
                    int o = block * Width;
                    int valid = Math.Min(Width, width - o);
                    Pack(source + o, width, sourceRows, valid, chunks * Chunk, p);
                    for (int i0 = 0; i0 < lines; i0 += TargetRows)
                    {
                        int count = Math.Min(TargetRows, lines - i0);
                        float* at = target + (long)i0 * width + o;
                        // A full block adds in place; the last, narrower one goes through a padded copy.
                        bool inPlace = valid == Width;
                        if (!inPlace)
                        {
                            Pack(at, width, count, valid, count, y);
                        }
                        for (int c = 0; c < chunks; c++)
                        {
                            long first = (long)i0 * chunks + c;
                            AddTile(masks + first, minus == null ? null : minus + first, chunks, count, p + (long)c * Chunk * Width, inPlace ? at : y, inPlace ? width : Width);
                        }
                        if (!inPlace)
                        {
                            Unpack(y, count, valid, at, width);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
            ArrayPool<float>.Shared.Return(tile);
        }
    }

    private const int Lanes = 16;

    private static unsafe float* Align(float* p) => (float*)(((nint)p + 63) & ~(nint)63);

    /// <summary>Copies rows [rows, valid] of a matrix with stride <paramref name="stride"/> into [paddedRows, Width], zeros elsewhere.</summary>
    private static unsafe void Pack(float* from, int stride, int rows, int valid, int paddedRows, float* to)
    {
        for (int r = 0; r < paddedRows; r++)
        {
            var row = new Span<float>(to + (long)r * Width, Width);
            if (r < rows)
            {
                new ReadOnlySpan<float>(from + (long)r * stride, valid).CopyTo(row);
                row[valid..].Clear();
            }
            else
            {
                row.Clear();
            }
        }
    }

    private static unsafe void Unpack(float* from, int rows, int valid, float* to, int stride)
    {
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(from + (long)r * Width, valid).CopyTo(new Span<float>(to + (long)r * stride, valid));
        }
    }

    /// <summary>
    /// Asks for the next line's <see cref="Width"/> outputs (eight cache lines) while this line adds: its loads start the next chain, and
    /// with the source filling L1 they would otherwise wait on L2 (about 5 % of the kernel's time on B infer).
    /// Prefetches never fault, so the line past the last one may be asked for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchLine(float* line)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(line);
            Sse.Prefetch0(line + 16);
            Sse.Prefetch0(line + 32);
            Sse.Prefetch0(line + 48);
            Sse.Prefetch0(line + 64);
            Sse.Prefetch0(line + 80);
            Sse.Prefetch0(line + 96);
            Sse.Prefetch0(line + 112);
        }
    }

    /// <summary>
    /// For each of <paramref name="count"/> lines: y[i, :] += Σ over set bits b of its mask of source[b, :], then −= the
    /// same over its <paramref name="minus"/> mask (null: none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddTile(ulong* masks, ulong* minus, int maskStride, int count, float* source, float* y, int yStride)
    {
        for (int i = 0; i < count; i++)
        {
            ulong bits = masks[(long)i * maskStride];
            ulong subtracted = minus == null ? 0 : minus[(long)i * maskStride];
            if ((bits | subtracted) == 0)
            {
                continue;
            }
            float* t = y + (long)i * yStride;
            PrefetchLine(t + yStride);
            Vector512<float> a0 = Vector512.Load(t), a1 = Vector512.Load(t + 16), a2 = Vector512.Load(t + 32), a3 = Vector512.Load(t + 48);
            Vector512<float> a4 = Vector512.Load(t + 64), a5 = Vector512.Load(t + 80), a6 = Vector512.Load(t + 96), a7 = Vector512.Load(t + 112);
            for (; bits != 0; bits &= bits - 1)
            {
                float* s = source + BitOperations.TrailingZeroCount(bits) * Width;
                a0 += Vector512.Load(s);
                a1 += Vector512.Load(s + 16);
                a2 += Vector512.Load(s + 32);
                a3 += Vector512.Load(s + 48);
                a4 += Vector512.Load(s + 64);
                a5 += Vector512.Load(s + 80);
                a6 += Vector512.Load(s + 96);
                a7 += Vector512.Load(s + 112);
            }
            for (; subtracted != 0; subtracted &= subtracted - 1)
            {
                float* s = source + BitOperations.TrailingZeroCount(subtracted) * Width;
                a0 -= Vector512.Load(s);
                a1 -= Vector512.Load(s + 16);
                a2 -= Vector512.Load(s + 32);
                a3 -= Vector512.Load(s + 48);
                a4 -= Vector512.Load(s + 64);
                a5 -= Vector512.Load(s + 80);
                a6 -= Vector512.Load(s + 96);
                a7 -= Vector512.Load(s + 112);
            }
            a4.Store(t + 64);
            a5.Store(t + 80);
            a6.Store(t + 96);
            a7.Store(t + 112);
            a0.Store(t);
            a1.Store(t + 16);
            a2.Store(t + 32);
            a3.Store(t + 48);
        }
    }
}
