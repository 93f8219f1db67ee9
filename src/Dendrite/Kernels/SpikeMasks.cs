using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Dendrite.Kernels;

/// <summary>
/// A binary matrix [lines, columns] as bits: <c>Bits[i·Words + w]</c> bit b is set when entry (i, 64·w + b) is nonzero.
/// The event-driven kernels (<see cref="MaskedRowSum"/>) walk the set bits of one 64-column word at a time.
/// </summary>
/// <remarks>
/// Built from the spikes with one compare per 16 values (no per-spike write), and transposed with one bit write per
/// spike, so indexing costs far less than the additions it steers.
/// </remarks>
internal sealed class SpikeMasks
{
    private SpikeMasks(int lines, int columns, ulong[] bits, long count)
    {
        Lines = lines;
        Columns = columns;
        Bits = bits;
        Count = count;
    }

    public int Lines { get; }

    public int Columns { get; }

    /// <summary>64-bit words per line.</summary>
    public int Words => (Columns + 63) / 64;

    public ulong[] Bits { get; }

    /// <summary>Number of set bits (nonzero entries).</summary>
    public long Count { get; }

    // Below about this many values one thread scans faster than waking the other.
    private const long ParallelMinValues = 1 << 18;

    /// <summary>The nonzeros of x [rows, columns], one line per row; rows split across threads.</summary>
    public static unsafe SpikeMasks ByRow(int rows, int columns, ReadOnlySpan<float> x)
    {
        int words = (columns + 63) / 64;
        if (x.Length < (long)rows * columns)
        {
            throw new ArgumentException($"SpikeMasks.ByRow: {rows} rows of {columns} need {(long)rows * columns} values; got {x.Length}.", nameof(x));
        }
        var bits = new ulong[rows * words];
        fixed (float* values = x)
        {
            nint at = (nint)values;
            ParallelRanges.Run(rows, (long)rows * columns, ParallelMinValues, (begin, end) =>
            {
                for (int r = begin; r < end; r++)
                {
                    var row = new ReadOnlySpan<float>((float*)at + (long)r * columns, columns);
                    for (int w = 0; w < words; w++)
                    {
                        bits[r * words + w] = SpikeIndex.NonZeroBits(row, w * 64);
                    }
                }
            });
        }
        return new SpikeMasks(rows, columns, bits, PopCount(bits));
    }

    /// <summary>
    /// <see cref="ByRow"/> for values that may not be spikes, in the same single pass: <paramref name="counts"/>[r] (when
    /// not empty) gets row r's nonzero values, and the masks are returned only when every value is exactly 0 or 1 (null
    /// otherwise, since a mask would read any nonzero as a spike). Spares a separate scan to check and count the input first.
    /// </summary>
    public static unsafe SpikeMasks? ByRowIfBinary(int rows, int columns, ReadOnlySpan<float> x, Span<int> counts)
    {
        int words = (columns + 63) / 64;
        if (x.Length != (long)rows * columns || (!counts.IsEmpty && counts.Length != rows))
        {
            throw new ArgumentException($"SpikeMasks.ByRowIfBinary: {rows} rows of {columns} need {(long)rows * columns} values and {rows} counts; got {x.Length} and {counts.Length}.", nameof(x));
        }
        var bits = new ulong[rows * words];
        int nonBinary = 0;
        fixed (float* values = x)
        fixed (int* countAt = counts)
        {
            nint at = (nint)values, countsAt = (nint)countAt;
            ParallelRanges.Run(rows, (long)rows * columns, ParallelMinValues, (begin, end) =>
            {
                bool binary = true;
                for (int r = begin; r < end; r++)
                {
                    var row = new ReadOnlySpan<float>((float*)at + (long)r * columns, columns);
                    int count = 0;
                    for (int w = 0; w < words; w++)
                    {
                        ulong word = SpikeIndex.NonZeroBits(row, w * 64, out bool wordBinary);
                        bits[r * words + w] = word;
                        count += BitOperations.PopCount(word);
                        binary &= wordBinary;
                    }
                    if (countsAt != 0)
                    {
                        ((int*)countsAt)[r] = count;
                    }
                }
                if (!binary)
                {
                    Interlocked.Exchange(ref nonBinary, 1);
                }
            });
        }
        return nonBinary == 0 ? new SpikeMasks(rows, columns, bits, PopCount(bits)) : null;
    }

    /// <summary>Masks over bits already laid out as <see cref="Bits"/> (taken, not copied).</summary>
    public static SpikeMasks FromBits(int lines, int columns, ulong[] bits)
    {
        if (bits.Length != (long)lines * ((columns + 63) / 64))
        {
            throw new ArgumentException($"SpikeMasks: {lines} lines of {columns} columns need {(long)lines * ((columns + 63) / 64)} words, got {bits.Length}.", nameof(bits));
        }
        return new SpikeMasks(lines, columns, bits, PopCount(bits));
    }

    /// <summary>Set bits of <paramref name="bits"/>.</summary>
    public static long PopCount(ReadOnlySpan<ulong> bits)
    {
        long count = 0;
        foreach (ulong word in bits)
        {
            count += BitOperations.PopCount(word);
        }
        return count;
    }

    /// <summary>The entries of a <see cref="SpikeIndex"/> (its lines, over <paramref name="columns"/> columns); lines split across threads.</summary>
    public static SpikeMasks From(SpikeIndex index, int columns)
    {
        int lines = index.Start.Length - 1;
        int words = (columns + 63) / 64;
        var bits = new ulong[lines * words];
        ParallelRanges.Run(lines, index.Count + lines, ParallelMinValues / 8, (begin, end) =>
        {
            for (int i = begin; i < end; i++)
            {
                for (int p = index.Start[i]; p < index.Start[i + 1]; p++)
                {
                    int c = index.Index[p];
                    bits[i * words + (c >> 6)] |= 1UL << (c & 63);
                }
            }
        });
        return new SpikeMasks(lines, columns, bits, index.Count);
    }

    /// <summary>The same entries with lines and columns swapped; threads take whole 64-column words, so never share an output word.</summary>
    public SpikeMasks Transpose()
    {
        int words = Words;
        int lines = Lines;
        int transposedWords = (lines + 63) / 64;
        var bits = new ulong[Columns * transposedWords];
        ulong[] source = Bits;
        ParallelRanges.Run(words, Count + (long)lines * words, ParallelMinValues / 8, (begin, end) =>
        {
            for (int i = 0; i < lines; i++)
            {
                ulong lineBit = 1UL << (i & 63);
                int lineWord = i >> 6;
                for (int w = begin; w < end; w++)
                {
                    for (ulong word = source[i * words + w]; word != 0; word &= word - 1)
                    {
                        int c = w * 64 + BitOperations.TrailingZeroCount(word);
                        bits[c * transposedWords + lineWord] |= lineBit;
                    }
                }
            }
        });
        return new SpikeMasks(Columns, Lines, bits, Count);
    }
}
