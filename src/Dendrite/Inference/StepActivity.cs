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
        // IndexOfAnyExcept is vectorised: a sparse row is skipped a whole vector of zeros at a time.
        for (int j = values.IndexOfAnyExcept(0f); j >= 0;)
        {
            indices[count++] = j;
            int next = values.Slice(j + 1).IndexOfAnyExcept(0f);
            j = next < 0 ? -1 : j + 1 + next;
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
