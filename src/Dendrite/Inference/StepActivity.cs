using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Inference;

/// <summary>
/// One step's activity of a batch: the values [B, width] and, per row, the indices of its non-zero values, so that the
/// next projection touches only the weight rows of inputs that are active.
/// </summary>
public sealed class StepActivity
{
    private readonly int[] _indices;
    private readonly int[] _counts;

    public StepActivity(int batch, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Batch = batch;
        Width = width;
        Values = new float[batch * width];
        _indices = new int[batch * width];
        _counts = new int[batch];
    }

    public int Batch { get; }

    public int Width { get; }

    /// <summary>Row-major [B, width]. Call <see cref="Gather"/> after writing.</summary>
    public float[] Values { get; }

    /// <summary>The indices of row <paramref name="row"/>'s non-zero values, ascending.</summary>
    public ReadOnlySpan<int> Active(int row) => _indices.AsSpan(row * Width, _counts[row]);

    /// <summary>Non-zero values over the whole batch (spikes, for a spiking layer).</summary>
    public long ActiveCount
    {
        get
        {
            long total = 0;
            foreach (int count in _counts)
            {
                total += count;
            }
            return total;
        }
    }

    /// <summary>Rebuilds the active-index list of every row from <see cref="Values"/>.</summary>
    public void Gather()
    {
        for (int b = 0; b < Batch; b++)
        {
            GatherRow(b);
        }
    }

    /// <summary>Rebuilds the active-index list of one row (rows are independent, so parallel callers may split them).</summary>
    public void GatherRow(int row) => Scan(row, Values.AsSpan(row * Width, Width), default);

    /// <summary>
    /// Writes <paramref name="source"/> [width] into row <paramref name="row"/> and rebuilds its active-index list in the same
    /// pass (a step's input read once, not copied and then scanned).
    /// </summary>
    public void GatherRowFrom(int row, ReadOnlySpan<float> source)
    {
        if (source.Length != Width)
        {
            ThrowHelper.ThrowArgument($"StepActivity.GatherRowFrom: the row has {Width} values; got {source.Length}.", nameof(source));
        }
        Scan(row, source, Values.AsSpan(row * Width, Width));
    }

    /// <summary>
    /// Makes row <paramref name="row"/> the binary input whose ones are <paramref name="active"/> (ascending, in range, as an
    /// <see cref="EventSequence"/> holds them): the row's previous ones are cleared, so the cost follows the events, not the width.
    /// </summary>
    public void SetRowEvents(int row, ReadOnlySpan<int> active)
    {
        Span<float> values = Values.AsSpan(row * Width, Width);
        Span<int> indices = _indices.AsSpan(row * Width, Width);
        foreach (int previous in indices[.._counts[row]])
        {
            values[previous] = 0f;
        }
        foreach (int input in active)
        {
            values[input] = 1f;
        }
        active.CopyTo(indices);
        _counts[row] = active.Length;
    }

    /// <summary>The active indices of <paramref name="values"/> into row <paramref name="row"/>'s list; copies them to <paramref name="copy"/> when not empty.</summary>
    private void Scan(int row, ReadOnlySpan<float> values, Span<float> copy)
    {
        ref float from = ref MemoryMarshal.GetReference(values);
        ref float to = ref MemoryMarshal.GetReference(copy);
        bool copying = !copy.IsEmpty;
        ref int indices = ref _indices[row * Width];
        int count = 0;
        int j = 0;
        if (Avx512F.IsSupported)
        {
            // Sixteen values per compare (count ≤ j, so AppendNonzero's 16 entries stay inside the row's list).
            for (; j + 16 <= values.Length; j += 16)
            {
                Vector512<float> chunk = Vector512.LoadUnsafe(ref from, (nuint)j);
                if (copying)
                {
                    chunk.StoreUnsafe(ref to, (nuint)j);
                }
                count = AppendNonzero(chunk, j, ref indices, count);
            }
            if (j < values.Length)
            {
                count = ScanTail(values, copy, j, row * Width, count);
                j = values.Length;
            }
        }
        for (; j < values.Length; j++)
        {
            float value = Unsafe.Add(ref from, j);
            if (copying)
            {
                Unsafe.Add(ref to, j) = value;
            }
            if (value != 0f)
            {
                Unsafe.Add(ref indices, count++) = j;
            }
        }
        _counts[row] = count;
    }

    /// <summary>
    /// The last values of a row (fewer than 16, e.g. 4 of a readout of 20) in one masked vector: masked-out lanes read as
    /// zero, and the compressing store writes only the indices found, so nothing lands past the row's list.
    /// </summary>
    private unsafe int ScanTail(ReadOnlySpan<float> values, Span<float> copy, int j, int listStart, int count)
    {
        Vector512<float> keep = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(values.Length - j)).AsSingle();
        fixed (float* from = values, to = copy)
        fixed (int* indices = &_indices[listStart])
        {
            Vector512<float> chunk = Avx512F.MaskLoad(from + j, keep, Vector512<float>.Zero);
            if (to != null)
            {
                Avx512F.MaskStore(to + j, keep, chunk);
            }
            return AppendNonzero(chunk, keep, j, indices, count);
        }
    }

    /// <summary>
    /// Appends the indices <paramref name="first"/> + lane of <paramref name="chunk"/>'s non-zero lanes to the list at
    /// <paramref name="list"/>, which holds <paramref name="count"/>; returns the new count. The indices are packed into a
    /// register and stored whole, with no branch per spike for the predictor to miss, so the list needs room for 16 past
    /// <paramref name="count"/>. Needs AVX-512.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int AppendNonzero(Vector512<float> chunk, int first, ref int list, int count)
    {
        Vector512<float> nonzero = ~Vector512.Equals(chunk, Vector512<float>.Zero);
        Avx512F.Compress(Vector512<int>.Zero, nonzero.AsInt32(), Vector512<int>.Indices + Vector512.Create(first)).StoreUnsafe(ref list, (nuint)count);
        return count + BitOperations.PopCount(nonzero.ExtractMostSignificantBits());
    }

    /// <summary>
    /// <see cref="AppendNonzero(Vector512{float}, int, ref int, int)"/> for the lanes in <paramref name="keep"/> only; the
    /// compressing store writes just the indices found, so a row's last, partial vector lands nothing past its list.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe int AppendNonzero(Vector512<float> chunk, Vector512<float> keep, int first, int* list, int count)
    {
        Vector512<float> nonzero = ~Vector512.Equals(chunk, Vector512<float>.Zero) & keep;
        Avx512F.CompressStore(list + count, nonzero.AsInt32(), Vector512<int>.Indices + Vector512.Create(first));
        return count + BitOperations.PopCount(nonzero.ExtractMostSignificantBits());
    }

    /// <summary>Every row's index list, row b's from b·width; <see cref="Active"/> says how many of its entries count.</summary>
    internal ReadOnlySpan<int> Lists => _indices;

    /// <summary>Row <paramref name="row"/>'s index list, whole (width entries), for a kernel that finds the active outputs as it writes them.</summary>
    internal Span<int> ListBuffer(int row) => _indices.AsSpan(row * Width, Width);

    /// <summary>Sets how many of <see cref="ListBuffer"/>'s entries are row <paramref name="row"/>'s active list.</summary>
    internal void SetActiveCount(int row, int count) => _counts[row] = count;

    /// <summary>Clears the values and the active lists.</summary>
    public void Clear()
    {
        Array.Clear(Values);
        Array.Clear(_counts);
    }
}
