using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Kernels;

/// <summary>
/// Event-driven accumulation for binary (0/1) spike inputs: the projection adds only the weight rows of inputs that
/// spiked, and the weight gradient touches only those rows. Work follows the activity rate instead of the input width.
/// </summary>
/// <remarks>
/// Weights are taken transposed, [in, out], so an input's weights are one contiguous row. The projection and the weight
/// gradient both sum listed source rows into target lines (<see cref="MaskedRowSum"/>, tiled to add from L1); each output
/// is summed by one thread in ascending input order, whatever the thread count.
/// Each optimised routine has a dense naive reference beside it (<c>*Reference</c>) that the tests compare against.
/// </remarks>
public static class EventAccumulation
{
    /// <summary>Outputs kept in registers at once by <see cref="AddScaledRows"/>: 8 vectors of 16 floats.</summary>
    private const int Block = 128;

    private const int Lanes = 16;

    // Below about this many values one thread scans faster than waking the other.
    private const long ParallelMinScan = 1 << 18;

    /// <summary>True when every value is exactly 0 or 1.</summary>
    public static bool IsBinary(ReadOnlySpan<float> x) => ActiveFraction(x) >= 0;

    /// <summary>The fraction of ones when <paramref name="x"/> holds only 0 and 1, else −1; long inputs split across threads.</summary>
    public static unsafe double ActiveFraction(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
        {
            return 0;
        }
        const int Part = 1 << 16;
        int parts = (x.Length + Part - 1) / Part;
        long active = 0;
        int nonBinary = 0;
        fixed (float* values = x)
        {
            nint at = (nint)values;
            int length = x.Length;
            ParallelRanges.Run(parts, length, ParallelMinScan, (begin, end) =>
            {
                long ones = 0;
                for (int part = begin; part < end && Volatile.Read(ref nonBinary) == 0; part++)
                {
                    int start = part * Part;
                    long count = CountOnes(new ReadOnlySpan<float>((float*)at + start, Math.Min(Part, length - start)));
                    if (count < 0)
                    {
                        Interlocked.Exchange(ref nonBinary, 1);
                        return;
                    }
                    ones += count;
                }
                Interlocked.Add(ref active, ones);
            });
        }
        return nonBinary != 0 ? -1 : (double)active / x.Length;
    }

    /// <summary>The ones in <paramref name="x"/> when it holds only 0 and 1, else −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountOnes(ReadOnlySpan<float> x)
    {
        long active = 0;
        int i = 0;
        for (; i + Lanes <= x.Length; i += Lanes)
        {
            Vector512<float> values = Vector512.Create(x.Slice(i, Lanes));
            Vector512<float> ones = Vector512.Equals(values, Vector512<float>.One);
            if ((ones | Vector512.Equals(values, Vector512<float>.Zero)).ExtractMostSignificantBits() != 0xFFFF)
            {
                return -1;
            }
            active += System.Numerics.BitOperations.PopCount(ones.ExtractMostSignificantBits());
        }
        for (; i < x.Length; i++)
        {
            if (x[i] == 1f)
            {
                active++;
            }
            else if (x[i] != 0f)
            {
                return -1;
            }
        }
        return active;
    }

    /// <summary>y[r, :] += Σ over inputs j with x[r, j] = 1 of Wᵀ[j, :]. x is [rows, in] binary, Wᵀ [in, out], y [rows, out].</summary>
    public static void Forward(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> weightTransposed, Span<float> y) =>
        Forward(SpikeMasks.ByRow(rows, inputs, x), outputs, weightTransposed, y);

    /// <summary><see cref="Forward(int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> over rows given by their active inputs.</summary>
    internal static void Forward(SpikeMasks active, int outputs, ReadOnlySpan<float> weightTransposed, Span<float> y) =>
        MaskedRowSum.Run(active, weightTransposed, outputs, y);

    /// <summary>
    /// y [rows, out] = bias + x·W (y's values are replaced; an empty <paramref name="bias"/> is none) for rows given by their
    /// active inputs, through <paramref name="complement"/> when there is one: the projection's forward.
    /// </summary>
    internal static void Forward(SpikeMasks active, ComplementCoding? complement, int outputs, ReadOnlySpan<float> weightTransposed,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        if (complement is not null)
        {
            complement.Forward(outputs, weightTransposed, bias, y);
            return;
        }
        if (bias.IsEmpty)
        {
            y[..(active.Lines * outputs)].Clear();
        }
        else
        {
            RowVector.Broadcast(bias, active.Lines, y);
        }
        MaskedRowSum.Run(active, weightTransposed, outputs, y);
    }

    /// <summary>Naive dense reference of <see cref="Forward(int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>: y[r, o] += Σ_j x[r, j]·Wᵀ[j, o].</summary>
    public static void ForwardReference(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> weightTransposed, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outputs; o++)
            {
                float sum = 0f;
                for (int j = 0; j < inputs; j++)
                {
                    sum += x[r * inputs + j] * weightTransposed[j * outputs + o];
                }
                y[r * outputs + o] += sum;
            }
        }
    }

    /// <summary>dWᵀ[j, :] += Σ over rows r with x[r, j] = 1 of dy[r, :]. dWᵀ is [in, out].</summary>
    public static void WeightGradient(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed) =>
        WeightGradient(SpikeMasks.ByRow(rows, inputs, x).Transpose(), outputs, gradY, gradWeightTransposed);

    /// <summary>The weight gradient over inputs given by their active rows (<see cref="SpikeIndex.ByColumn"/>).</summary>
    internal static void WeightGradient(SpikeIndex activeRows, int outputs, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed) =>
        WeightGradient(SpikeMasks.From(activeRows, gradY.Length / Math.Max(outputs, 1)), outputs, gradY, gradWeightTransposed);

    /// <summary>The weight gradient over inputs given by their active rows as bits (a transposed <see cref="SpikeMasks.ByRow"/>).</summary>
    internal static void WeightGradient(SpikeMasks activeRows, int outputs, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed) =>
        // Line j of the result is the sum of the gradient rows listed for input j, added to what is there.
        MaskedRowSum.Run(activeRows, gradY, outputs, gradWeightTransposed);

    /// <summary>Naive dense reference of <see cref="WeightGradient(int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>: dWᵀ[j, o] += Σ_r x[r, j]·dy[r, o].</summary>
    public static void WeightGradientReference(int rows, int inputs, int outputs, ReadOnlySpan<float> x, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed)
    {
        for (int j = 0; j < inputs; j++)
        {
            for (int o = 0; o < outputs; o++)
            {
                float sum = 0f;
                for (int r = 0; r < rows; r++)
                {
                    sum += x[r * inputs + j] * gradY[r * outputs + o];
                }
                gradWeightTransposed[j * outputs + o] += sum;
            }
        }
    }

    /// <summary>
    /// target[:] += Σ over j with scale[j] ≠ 0 of scale[j]·rows[j, :], one fused multiply-add per element in ascending j:
    /// one step of a recurrence (previous spikes times the recurrent weights, or a gradient times them) touching only
    /// the nonzero entries. rows is [scale.Length, target.Length] with row stride <paramref name="stride"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void AddScaledRows(ReadOnlySpan<float> scale, float* rows, int stride, Span<float> target)
    {
        int[]? rented = scale.Length > 1024 ? System.Buffers.ArrayPool<int>.Shared.Rent(scale.Length) : null;
        Span<int> active = rented ?? stackalloc int[scale.Length];
        int count = 0;
        fixed (int* index = active)
        {
            for (int j0 = 0; j0 < scale.Length; j0 += 64)
            {
                for (ulong bits = SpikeIndex.NonZeroBits(scale, j0); bits != 0; bits &= bits - 1)
                {
                    index[count++] = j0 + System.Numerics.BitOperations.TrailingZeroCount(bits);
                }
            }
        }
        AddListedRows(scale, active[..count], rows, stride, target, target);
        if (rented is not null)
        {
            System.Buffers.ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <see cref="AddScaledRows"/> over a given list of entries: target[:] = start[:] + Σ over j in <paramref name="active"/>
    /// (ascending, each &lt; scale.Length) of scale[j]·rows[j, :], one fused multiply-add per element. A scale of exactly 1
    /// makes it a plain add. <paramref name="start"/> may be target itself (accumulate in place), a bias, or empty for zeros:
    /// starting the registers from it spares the caller a pass that copies or clears target first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void AddListedRows(ReadOnlySpan<float> scale, ReadOnlySpan<int> active, float* rows, int stride,
        ReadOnlySpan<float> start, Span<float> target)
    {
        int width = target.Length;
        int count = active.Length;
        if (!start.IsEmpty && start.Length != width)
        {
            ThrowHelper.ThrowArgument($"AddListedRows: the start values have {start.Length} entries for {width} outputs.", nameof(start));
        }
        fixed (float* t = target, s = scale, from = start)
        fixed (int* index = active)
        {
            AddListedRows(s, index, count, rows, stride, from, t, width);
        }
    }

    /// <summary>
    /// <see cref="AddListedRows(ReadOnlySpan{float}, ReadOnlySpan{int}, float*, int, ReadOnlySpan{float}, Span{float})"/> on
    /// pinned memory, for callers that run it for many rows and pin once: target[:width] = start[:width] (null: zeros) + Σ
    /// over the <paramref name="count"/> entries j of <paramref name="index"/> of scale[j]·rows[j, :].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void AddListedRows(float* scale, int* index, int count, float* rows, int stride, float* start, float* target, int width)
    {
        int o = 0;
        for (; o + 2 * Block <= width; o += 2 * Block)
        {
            AddScaledDoubleBlock(scale, rows + o, stride, index, count, Offset(start, o), target + o);
        }
        for (; o + Block <= width; o += Block)
        {
            AddScaledBlock(scale, rows + o, stride, index, count, Offset(start, o), target + o);
        }
        if (Avx512F.IsSupported)
        {
            for (; o < width; o += 2 * Lanes)
            {
                AddScaledPair(scale, rows + o, stride, index, count, Offset(start, o), target + o, width - o);
            }
        }
        for (; o + Lanes <= width; o += Lanes)
        {
            Vector512<float> sum = start == null ? Vector512<float>.Zero : Vector512.Load(start + o);
            for (int p = 0; p < count; p++)
            {
                sum = Vector512.FusedMultiplyAdd(Vector512.Create(scale[index[p]]), Vector512.Load(rows + (long)index[p] * stride + o), sum);
            }
            sum.Store(target + o);
        }
        for (; o < width; o++)
        {
            float sum = start == null ? 0f : start[o];
            for (int p = 0; p < count; p++)
            {
                sum = MathF.FusedMultiplyAdd(scale[index[p]], rows[(long)index[p] * stride + o], sum);
            }
            target[o] = sum;
        }
    }

    /// <summary>
    /// <see cref="AddScaledBlock"/> for the last, narrower outputs: two vectors, masked to the <paramref name="valid"/> outputs
    /// left (masked lanes are neither read nor written), so a readout of 10 or 20 outputs needs no scalar loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddScaledPair(float* scale, float* source, int stride, int* index, int count, float* start, float* target, int valid)
    {
        Vector512<int> lanes = Vector512<int>.Indices;
        Vector512<float> m0 = Vector512.LessThan(lanes, Vector512.Create(valid)).AsSingle();
        Vector512<float> m1 = Vector512.LessThan(lanes, Vector512.Create(valid - Lanes)).AsSingle();
        Vector512<float> zero = Vector512<float>.Zero;
        Vector512<float> a0 = start == null ? zero : Avx512F.MaskLoad(start, m0, zero);
        Vector512<float> a1 = start == null ? zero : Avx512F.MaskLoad(start + Lanes, m1, zero);
        for (int p = 0; p < count; p++)
        {
            Vector512<float> f = Vector512.Create(scale[index[p]]);
            float* s = source + (long)index[p] * stride;
            a0 = Vector512.FusedMultiplyAdd(f, Avx512F.MaskLoad(s, m0, zero), a0);
            a1 = Vector512.FusedMultiplyAdd(f, Avx512F.MaskLoad(s + Lanes, m1, zero), a1);
        }
        Avx512F.MaskStore(target, m0, a0);
        Avx512F.MaskStore(target + Lanes, m1, a1);
    }

    /// <summary>
    /// <see cref="AddScaledBlock"/> over 256 outputs in sixteen registers: each listed row's 1 KB is read in one pass, which
    /// the hardware prefetchers follow better than two 512-byte halves read a block apart (recurrent rows of 256 units).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddScaledDoubleBlock(float* scale, float* source, int stride, int* index, int count, float* start, float* target)
    {
        Vector512<float> a0 = Start(start, 0), a1 = Start(start, 16), a2 = Start(start, 32),
            a3 = Start(start, 48), a4 = Start(start, 64), a5 = Start(start, 80),
            a6 = Start(start, 96), a7 = Start(start, 112);
        Vector512<float> b0 = Start(start, 128), b1 = Start(start, 144), b2 = Start(start, 160),
            b3 = Start(start, 176), b4 = Start(start, 192), b5 = Start(start, 208),
            b6 = Start(start, 224), b7 = Start(start, 240);
        for (int p = 0; p < count; p++)
        {
            Vector512<float> f = Vector512.Create(scale[index[p]]);
            float* s = source + (long)index[p] * stride;
            a0 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s), a0);
            a1 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 48), a3);
            a4 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 64), a4);
            a5 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 80), a5);
            a6 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 96), a6);
            a7 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 112), a7);
            b0 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 128), b0);
            b1 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 144), b1);
            b2 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 160), b2);
            b3 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 176), b3);
            b4 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 192), b4);
            b5 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 208), b5);
            b6 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 224), b6);
            b7 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 240), b7);
        }
        a0.Store(target);
        a1.Store(target + 16);
        a2.Store(target + 32);
        a3.Store(target + 48);
        a4.Store(target + 64);
        a5.Store(target + 80);
        a6.Store(target + 96);
        a7.Store(target + 112);
        b0.Store(target + 128);
        b1.Store(target + 144);
        b2.Store(target + 160);
        b3.Store(target + 176);
        b4.Store(target + 192);
        b5.Store(target + 208);
        b6.Store(target + 224);
        b7.Store(target + 240);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddScaledBlock(float* scale, float* source, int stride, int* index, int count, float* start, float* target)
    {
        Vector512<float> a0 = Start(start, 0), a1 = Start(start, 16), a2 = Start(start, 32),
            a3 = Start(start, 48), a4 = Start(start, 64), a5 = Start(start, 80),
            a6 = Start(start, 96), a7 = Start(start, 112);
        for (int p = 0; p < count; p++)
        {
            Vector512<float> f = Vector512.Create(scale[index[p]]);
            float* s = source + (long)index[p] * stride;
            a0 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s), a0);
            a1 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 16), a1);
            a2 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 32), a2);
            a3 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 48), a3);
            a4 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 64), a4);
            a5 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 80), a5);
            a6 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 96), a6);
            a7 = Vector512.FusedMultiplyAdd(f, Vector512.Load(s + 112), a7);
        }
        a0.Store(target);
        a1.Store(target + 16);
        a2.Store(target + 32);
        a3.Store(target + 48);
        a4.Store(target + 64);
        a5.Store(target + 80);
        a6.Store(target + 96);
        a7.Store(target + 112);
    }

    /// <summary>The 16 start values at <paramref name="offset"/>, or zeros when there is no start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Start(float* start, int offset) => start == null ? Vector512<float>.Zero : Vector512.Load(start + offset);

    private static unsafe float* Offset(float* start, int offset) => start == null ? null : start + offset;
}
