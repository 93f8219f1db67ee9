using System.Numerics.Tensors;
using Dendrite.Kernels;

namespace Dendrite.Neurons;

/// <summary>
/// Binary spike rows [R, in] kept compactly as the indices of each row's active inputs (compressed rows), so a fused layer
/// can recompute its input currents for any range of rows instead of storing them: 4 bytes per spike instead of 4 per value.
/// </summary>
internal sealed class SpikeRows
{
    // Below about this many multiply-free adds one thread is faster than waking the others.
    private const long ParallelMinWork = 1 << 16;

    private readonly int[] _start;
    private readonly int[] _index;

    private SpikeRows(int inputs, int[] start, int[] index)
    {
        Inputs = inputs;
        _start = start;
        _index = index;
    }

    public int Inputs { get; }

    public int Rows => _start.Length - 1;

    /// <summary>Bytes held: the row starts and the active indices.</summary>
    public long Bytes => ((long)_start.Length + _index.Length) * sizeof(int);

    /// <summary>
    /// The compact form of <paramref name="x"/> [R, <paramref name="inputs"/>], or null when a value is neither 0 nor 1 or more than
    /// <paramref name="maxActivity"/> of the values are 1 (then the dense projection is the faster one).
    /// </summary>
    public static SpikeRows? TryCreate(ReadOnlySpan<float> x, int inputs, double maxActivity)
    {
        long limit = (long)(maxActivity * x.Length);
        int count = 0;
        foreach (float value in x)
        {
            if (value == 1f)
            {
                if (++count > limit)
                {
                    return null;
                }
            }
            else if (value != 0f)
            {
                return null;
            }
        }
        int rows = x.Length / inputs;
        var start = new int[rows + 1];
        var index = new int[count];
        int at = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * inputs, inputs);
            for (int i = 0; i < inputs; i++)
            {
                if (row[i] != 0f)
                {
                    index[at++] = i;
                }
            }
            start[r + 1] = at;
        }
        return new SpikeRows(inputs, start, index);
    }

    /// <summary>
    /// Input currents of rows [first, first + count): destination[r − first] = bias + Σ over the row's active inputs i of
    /// weightTransposed[i] (rows of length <paramref name="width"/>), added in index order as the event-driven projection does.
    /// </summary>
    public void Project(int first, int count, int width, ReadOnlySpan<float> weightTransposed, ReadOnlySpan<float> bias, Span<float> destination)
    {
        unsafe
        {
            fixed (float* w = weightTransposed, b = bias, d = destination)
            {
                float* wp = w, bp = b, dp = d;
                ParallelRanges.Run(count, (long)count * width, ParallelMinWork, (begin, end) =>
                {
                    for (int r = begin; r < end; r++)
                    {
                        var row = new Span<float>(dp + (long)r * width, width);
                        if (bp == null)
                        {
                            row.Clear();
                        }
                        else
                        {
                            new ReadOnlySpan<float>(bp, width).CopyTo(row);
                        }
                        for (int k = _start[first + r]; k < _start[first + r + 1]; k++)
                        {
                            TensorPrimitives.Add(row, new ReadOnlySpan<float>(wp + (long)_index[k] * width, width), row);
                        }
                    }
                });
            }
        }
    }

    /// <summary>
    /// The weight gradient of rows [first, first + count): gradWeightTransposed[i] += gradient[r − first] for each active input i
    /// of row r. Threads split the columns, so no two write the same value.
    /// </summary>
    public void AccumulateWeightGradient(int first, int count, int width, ReadOnlySpan<float> gradient, Span<float> gradWeightTransposed)
    {
        unsafe
        {
            fixed (float* g = gradient, gw = gradWeightTransposed)
            {
                float* gp = g, gwp = gw;
                int blocks = (width + 63) / 64;
                long work = (long)(_start[first + count] - _start[first]) * width;
                ParallelRanges.Run(blocks, work, ParallelMinWork, (begin, end) =>
                {
                    int c0 = begin * 64;
                    int columns = Math.Min(end * 64, width) - c0;
                    for (int r = 0; r < count; r++)
                    {
                        var source = new ReadOnlySpan<float>(gp + (long)r * width + c0, columns);
                        for (int k = _start[first + r]; k < _start[first + r + 1]; k++)
                        {
                            var target = new Span<float>(gwp + (long)_index[k] * width + c0, columns);
                            TensorPrimitives.Add(target, source, target);
                        }
                    }
                });
            }
        }
    }
}
