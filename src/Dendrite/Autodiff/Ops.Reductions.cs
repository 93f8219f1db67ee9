using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>The sum of all elements, as a scalar tensor (accumulated in double).</summary>
    public static Tensor Sum(Tensor x)
    {
        double sum = 0;
        foreach (float value in x.Span)
        {
            sum += value;
        }
        Tensor y = Tensor.Scalar((float)sum);
        if (Tape.IsRecording(x))
        {
            Tape.Record("Sum", y, g =>
            {
                if (x.RequiresGrad)
                {
                    Span<float> dx = x.GradOrZeros().Span;
                    System.Numerics.Tensors.TensorPrimitives.Add(dx, g.ToScalar(), dx);
                }
            });
        }
        return y;
    }

    /// <summary>The mean of all elements, as a scalar tensor.</summary>
    public static Tensor Mean(Tensor x) => Scale(Sum(x), x.Length == 0 ? float.NaN : 1f / x.Length);

    /// <summary>Sums over <paramref name="axis"/>, dropping it: [a, n, b] → [a, b].</summary>
    public static Tensor Sum(Tensor x, int axis)
    {
        (int outer, int length, int inner, TensorShape shape) = SplitAtAxis(x.Shape, axis);
        var y = new Tensor(shape);
        ReadOnlySpan<float> source = x.Span;
        Span<float> destination = y.Span;
        for (int o = 0; o < outer; o++)
        {
            Span<float> row = destination.Slice(o * inner, inner);
            for (int i = 0; i < length; i++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(row, source.Slice((o * length + i) * inner, inner), row);
            }
        }
        if (Tape.IsRecording(x))
        {
            Tape.Record("SumAxis", y, g =>
            {
                if (!x.RequiresGrad)
                {
                    return;
                }
                Span<float> dx = x.GradOrZeros().Span;
                ReadOnlySpan<float> upstream = g.Span;
                for (int o = 0; o < outer; o++)
                {
                    for (int i = 0; i < length; i++)
                    {
                        Span<float> row = dx.Slice((o * length + i) * inner, inner);
                        System.Numerics.Tensors.TensorPrimitives.Add(row, upstream.Slice(o * inner, inner), row);
                    }
                }
            });
        }
        return y;
    }

    /// <summary>Mean over <paramref name="axis"/>, dropping it.</summary>
    public static Tensor Mean(Tensor x, int axis)
    {
        int length = x.Shape[axis];
        return Scale(Sum(x, axis), length == 0 ? float.NaN : 1f / length);
    }

    /// <summary>
    /// Maximum over <paramref name="axis"/>, dropping it (e.g. the max over time of a readout).
    /// The gradient goes to the first index that attains the maximum, as PyTorch's <c>max(dim)</c>.
    /// </summary>
    public static Tensor Max(Tensor x, int axis)
    {
        (int outer, int length, int inner, TensorShape shape) = SplitAtAxis(x.Shape, axis);
        if (length == 0)
        {
            ThrowHelper.ThrowArgument($"Max over axis {axis} of length 0 (shape {x.Shape}).", nameof(axis));
        }
        var y = new Tensor(shape);
        var argMax = new int[outer * inner];
        ReadOnlySpan<float> source = x.Span;
        Span<float> destination = y.Span;
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < inner; j++)
            {
                int best = 0;
                float bestValue = source[o * length * inner + j];
                for (int i = 1; i < length; i++)
                {
                    float value = source[(o * length + i) * inner + j];
                    // NaN wins, so a NaN anywhere is visible in the result.
                    if (value > bestValue || (float.IsNaN(value) && !float.IsNaN(bestValue)))
                    {
                        best = i;
                        bestValue = value;
                    }
                }
                destination[o * inner + j] = bestValue;
                argMax[o * inner + j] = best;
            }
        }
        if (Tape.IsRecording(x))
        {
            Tape.Record("MaxAxis", y, g =>
            {
                if (!x.RequiresGrad)
                {
                    return;
                }
                Span<float> dx = x.GradOrZeros().Span;
                ReadOnlySpan<float> upstream = g.Span;
                for (int o = 0; o < outer; o++)
                {
                    for (int j = 0; j < inner; j++)
                    {
                        dx[(o * length + argMax[o * inner + j]) * inner + j] += upstream[o * inner + j];
                    }
                }
            });
        }
        return y;
    }

    private static (int Outer, int Length, int Inner, TensorShape Reduced) SplitAtAxis(TensorShape shape, int axis)
    {
        if (axis < 0)
        {
            axis += shape.Rank;
        }
        if ((uint)axis >= (uint)shape.Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for shape {shape}.");
        }
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < axis; i++)
        {
            outer *= shape[i];
        }
        for (int i = axis + 1; i < shape.Rank; i++)
        {
            inner *= shape[i];
        }
        int[] lengths = [.. shape.Lengths[..axis], .. shape.Lengths[(axis + 1)..]];
        return (outer, shape[axis], inner, new TensorShape(lengths));
    }
}
