using System.Numerics;

namespace Dendrite.Kernels;

/// <summary>
/// Binary inputs over time [T, streams, in] recoded against each stream's mostly-active inputs: an input that spikes in
/// more than half of a stream's steps costs fewer additions by its silences. The projection of line (t, b) becomes
/// <c>D[b] + Σ over inputs that spike but are not in the default of W[k] − Σ over default inputs that are silent of W[k]</c>,
/// where the default D[b] is the sum of the stream's mostly-active inputs' rows, computed once for all T steps.
/// </summary>
/// <remarks>
/// Rate-coded images are such inputs: Fashion-MNIST test images have a mean intensity of 0.29 but only 0.12 of
/// min(p, 1 − p); on scenario B this coding adds 98 rows per line where the spikes list 229. The result equals the
/// plain sum up to float rounding (a different order of additions). <see cref="TryCreate"/> declines when it would not
/// save a fifth.
/// </remarks>
internal sealed class ComplementCoding
{
    /// <summary>The coding must save at least this fraction of the plain sum's additions to be used.</summary>
    private const double MinSaving = 0.2;

    private ComplementCoding(int streams, SpikeMasks defaults, SpikeMasks added, SpikeMasks subtracted)
    {
        Streams = streams;
        Defaults = defaults;
        Added = added;
        Subtracted = subtracted;
    }

    /// <summary>Independent streams (the batch); line i belongs to stream i mod <see cref="Streams"/>.</summary>
    public int Streams { get; }

    /// <summary>[streams, in]: the inputs active in more than half of the stream's steps.</summary>
    public SpikeMasks Defaults { get; }

    /// <summary>[lines, in]: inputs that spike at this line and are not in the stream's default.</summary>
    public SpikeMasks Added { get; }

    /// <summary>[lines, in]: inputs of the stream's default that are silent at this line.</summary>
    public SpikeMasks Subtracted { get; }

    /// <summary>Row additions of a projection under this coding (the default sums included).</summary>
    public long Additions => Defaults.Count + Added.Count + Subtracted.Count;

    /// <summary>
    /// The coding of <paramref name="active"/> [steps·streams, in] (lines in (t, b) order), or null when it would not
    /// save <see cref="MinSaving"/> of the additions (or there are fewer than two steps).
    /// </summary>
    public static ComplementCoding? TryCreate(SpikeMasks active, int streams)
    {
        ArgumentNullException.ThrowIfNull(active);
        if (streams <= 0 || active.Lines % streams != 0 || active.Lines / streams < 2)
        {
            return null;
        }
        int steps = active.Lines / streams;
        int words = active.Words;
        var defaults = new ulong[streams * words];
        for (int b = 0; b < streams; b++)
        {
            for (int w = 0; w < words; w++)
            {
                defaults[b * words + w] = MoreThanHalf(active.Bits, (long)b * words + w, (long)streams * words, steps);
            }
        }
        var usual = SpikeMasks.FromBits(streams, active.Columns, defaults);
        if (usual.Count == 0)
        {
            return null;
        }
        var added = new ulong[active.Bits.Length];
        var subtracted = new ulong[active.Bits.Length];
        for (int line = 0; line < active.Lines; line++)
        {
            int stream = line % streams;
            for (int w = 0; w < words; w++)
            {
                ulong bits = active.Bits[line * words + w];
                ulong defaultBits = defaults[stream * words + w];
                added[line * words + w] = bits & ~defaultBits;
                subtracted[line * words + w] = defaultBits & ~bits;
            }
        }
        var coding = new ComplementCoding(streams, usual, SpikeMasks.FromBits(active.Lines, active.Columns, added),
            SpikeMasks.FromBits(active.Lines, active.Columns, subtracted));
        return coding.Additions > (1 - MinSaving) * active.Count ? null : coding;
    }

    /// <summary>
    /// The bits set in more than half of the <paramref name="steps"/> words bits[first + t·stride]: a bit-sliced counter
    /// (plane p holds bit p of every column's count) and a bit-serial comparison with ⌊steps/2⌋.
    /// </summary>
    private static ulong MoreThanHalf(ulong[] bits, long first, long stride, int steps)
    {
        Span<ulong> planes = stackalloc ulong[32];
        planes.Clear();
        int used = 32 - BitOperations.LeadingZeroCount((uint)steps);
        for (int t = 0; t < steps; t++)
        {
            ulong carry = bits[first + t * stride];
            for (int p = 0; carry != 0; p++)
            {
                ulong next = planes[p] & carry;
                planes[p] ^= carry;
                carry = next;
            }
        }
        int half = steps / 2;
        ulong greater = 0, equal = ~0UL;
        for (int p = used - 1; p >= 0; p--)
        {
            if (((half >> p) & 1) == 0)
            {
                greater |= equal & planes[p];
                equal &= ~planes[p];
            }
            else
            {
                equal &= planes[p];
            }
        }
        return greater;
    }

    /// <summary>
    /// y [lines, out] = b + x·W through this coding (y's values are replaced): each stream's default sum D = Σ of its default
    /// inputs' rows of Wᵀ [in, out], plus the bias <paramref name="bias"/> [out] (empty: none), starts each of its lines,
    /// then the added rows are added and the subtracted ones subtracted.
    /// </summary>
    public void Forward(int outputs, ReadOnlySpan<float> weightTransposed, ReadOnlySpan<float> bias, Span<float> y)
    {
        var starts = new float[Streams * outputs];
        if (!bias.IsEmpty)
        {
            RowVector.Broadcast(bias, Streams, starts);
        }
        MaskedRowSum.Run(Defaults, weightTransposed, outputs, starts);
        RowVector.BroadcastCycled(starts, Streams, Added.Lines, y);
        MaskedRowSum.Run(Added, Subtracted, weightTransposed, outputs, y);
    }

    /// <summary>
    /// dWᵀ [in, out] += xᵀ·dy through this coding: each default input gets its stream's gradient summed over all steps, then
    /// the gradient rows of the steps where it was added, minus those where it was subtracted.
    /// </summary>
    public void WeightGradient(int outputs, ReadOnlySpan<float> gradY, Span<float> gradWeightTransposed)
    {
        var streamSums = new float[Streams * outputs];
        RowVector.AddCycleSums(gradY, Added.Lines, Streams, streamSums);
        MaskedRowSum.Run(Defaults.Transpose(), streamSums, outputs, gradWeightTransposed);
        MaskedRowSum.Run(Added.Transpose(), Subtracted.Transpose(), gradY, outputs, gradWeightTransposed);
    }
}
