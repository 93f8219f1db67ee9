using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dendrite.Kernels;

/// <summary>
/// The positions of the nonzeros in a binary matrix [rows, columns], compressed by row (each row's active columns) or by
/// column (each column's active rows), ascending. Event-driven kernels loop over these instead of the full width.
/// </summary>
/// <remarks>
/// A row is scanned 16 values at a time into a bit mask (the spikes as bits), and the set bits are walked with
/// trailing-zero counts, so building the index costs a compare per 16 inputs plus one step per spike.
/// </remarks>
internal sealed class SpikeIndex
{
    private SpikeIndex(int[] start, int[] index)
    {
        Start = start;
        Index = index;
    }

    /// <summary>Line i's entries are <c>Index[Start[i]..Start[i + 1]]</c>.</summary>
    public int[] Start { get; }

    public int[] Index { get; }

    public int Count => Index.Length;

    /// <summary>An index over given lists: line i's entries are <c>index[start[i]..start[i + 1]]</c>, ascending.</summary>
    public static SpikeIndex FromLists(int[] start, int[] index)
    {
        if (start.Length == 0 || start[0] != 0 || start[^1] != index.Length)
        {
            throw new ArgumentException($"SpikeIndex: the line starts must run from 0 to the {index.Length} entries.", nameof(start));
        }
        return new SpikeIndex(start, index);
    }

    /// <summary>For each row, its columns holding a nonzero value (one pass over x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SpikeIndex ByRow(int rows, int columns, ReadOnlySpan<float> x)
    {
        var start = new int[rows + 1];
        var index = new int[Math.Max(16, x.Length / 32)];
        int at = 0;
        for (int r = 0; r < rows; r++)
        {
            start[r] = at;
            ReadOnlySpan<float> row = x.Slice(r * columns, columns);
            for (int c = 0; c < columns; c += 64)
            {
                ulong bits = NonZeroBits(row, c);
                if (at + 64 > index.Length)
                {
                    Array.Resize(ref index, Math.Max(index.Length * 2, at + 64));
                }
                for (; bits != 0; bits &= bits - 1)
                {
                    index[at++] = c + BitOperations.TrailingZeroCount(bits);
                }
            }
        }
        start[rows] = at;
        Array.Resize(ref index, at);
        return new SpikeIndex(start, index);
    }

    /// <summary>For each column, its rows holding a nonzero value.</summary>
    public static SpikeIndex ByColumn(int rows, int columns, ReadOnlySpan<float> x) => ByRow(rows, columns, x).Transpose(columns);

    /// <summary>The same positions compressed the other way: a row index becomes a column index and back.</summary>
    public SpikeIndex Transpose(int columns)
    {
        var start = new int[columns + 1];
        foreach (int c in Index)
        {
            start[c + 1]++;
        }
        for (int c = 0; c < columns; c++)
        {
            start[c + 1] += start[c];
        }
        var index = new int[Index.Length];
        int[] next = start[..columns];
        for (int r = 0; r + 1 < Start.Length; r++)
        {
            for (int p = Start[r]; p < Start[r + 1]; p++)
            {
                index[next[Index[p]]++] = r;
            }
        }
        return new SpikeIndex(start, index);
    }

    /// <summary>Bit i set when row[offset + i] ≠ 0, for the up to 64 values from <paramref name="offset"/>.</summary>
    internal static ulong NonZeroBits(ReadOnlySpan<float> row, int offset) => ScanBits(row, offset, checkBinary: false, out _);

    /// <summary>
    /// <see cref="NonZeroBits(ReadOnlySpan{float}, int)"/>, and in the same pass whether each of those values is exactly 0
    /// or 1 (<paramref name="binary"/>), for callers that must not read spikes into a value that is not one.
    /// </summary>
    internal static ulong NonZeroBits(ReadOnlySpan<float> row, int offset, out bool binary) => ScanBits(row, offset, checkBinary: true, out binary);

    // One loop for both: inlined with a constant checkBinary, the JIT drops the check where it is not asked for.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ScanBits(ReadOnlySpan<float> row, int offset, bool checkBinary, out bool binary)
    {
        int length = Math.Min(64, row.Length - offset);
        ReadOnlySpan<float> chunk = row.Slice(offset, length);
        ulong bits = 0;
        Vector512<float> notBinary = Vector512<float>.Zero;
        int i = 0;
        for (; i + 16 <= length; i += 16)
        {
            Vector512<float> values = Vector512.Create(chunk.Slice(i, 16));
            Vector512<float> zeros = Vector512.Equals(values, Vector512<float>.Zero);
            if (checkBinary)
            {
                notBinary |= ~(zeros | Vector512.Equals(values, Vector512<float>.One));
            }
            bits |= (ulong)(~zeros).ExtractMostSignificantBits() << i;
        }
        binary = notBinary == Vector512<float>.Zero;
        for (; i < length; i++)
        {
            bits |= chunk[i] != 0f ? 1UL << i : 0;
            binary &= !checkBinary || chunk[i] == 0f || chunk[i] == 1f;
        }
        return bits;
    }
}
