using System.Numerics;
using System.Runtime.Intrinsics;

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
    public void GatherRow(int row)
    {
        ReadOnlySpan<float> values = Values.AsSpan(row * Width, Width);
        Span<int> indices = _indices.AsSpan(row * Width, Width);
        int count = 0;
        int j = 0;
        // Sixteen values per compare into a bit mask, then one step per nonzero: cost follows the spikes, not the width.
        for (; j + 16 <= values.Length; j += 16)
        {
            Vector512<float> chunk = Vector512.Create(values.Slice(j, 16));
            for (ulong bits = (~Vector512.Equals(chunk, Vector512<float>.Zero)).ExtractMostSignificantBits(); bits != 0; bits &= bits - 1)
            {
                indices[count++] = j + BitOperations.TrailingZeroCount(bits);
            }
        }
        for (; j < values.Length; j++)
        {
            if (values[j] != 0f)
            {
                indices[count++] = j;
            }
        }
        _counts[row] = count;
    }

    /// <summary>Clears the values and the active lists.</summary>
    public void Clear()
    {
        Array.Clear(Values);
        Array.Clear(_counts);
    }
}
