using Dendrite.Tensors;

namespace Dendrite.Autodiff;

/// <summary>NumPy broadcasting for binary operations: shapes align at the trailing axis; a length 1 stretches.</summary>
internal static class Broadcast
{
    /// <summary>The broadcast result shape; throws naming both shapes when they are incompatible.</summary>
    public static TensorShape ResultShape(string operation, TensorShape a, TensorShape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var lengths = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int la = LengthFromEnd(a, rank - 1 - i);
            int lb = LengthFromEnd(b, rank - 1 - i);
            if (la != lb && la != 1 && lb != 1)
            {
                ThrowHelper.ThrowShapeMismatch(operation, a, b);
            }
            lengths[i] = la == 1 ? lb : la;
        }
        return new TensorShape(lengths);
    }

    /// <summary>The values of <paramref name="source"/> repeated to fill <paramref name="target"/> (a fresh array).</summary>
    public static float[] Expand(Tensor source, TensorShape target)
    {
        var result = new float[target.ElementCount];
        ReadOnlySpan<float> values = source.Span;
        if (values.Length == 1)
        {
            Array.Fill(result, values[0]);
            return result;
        }
        int[] strides = SourceStrides(source.Shape, target);
        var index = new int[target.Rank];
        for (int flat = 0; flat < result.Length; flat++)
        {
            int offset = 0;
            for (int axis = 0; axis < index.Length; axis++)
            {
                offset += index[axis] * strides[axis];
            }
            result[flat] = values[offset];
            Increment(index, target);
        }
        return result;
    }

    /// <summary>Adds <paramref name="grad"/> (shaped like <paramref name="from"/>) into <paramref name="destination"/>, summing over broadcast axes.</summary>
    public static void AccumulateReduced(ReadOnlySpan<float> grad, TensorShape from, Span<float> destination, TensorShape to)
    {
        if (to.ElementCount == 1)
        {
            double sum = 0;
            foreach (float g in grad)
            {
                sum += g;
            }
            destination[0] += (float)sum;
            return;
        }
        int[] strides = SourceStrides(to, from);
        var index = new int[from.Rank];
        for (int flat = 0; flat < grad.Length; flat++)
        {
            int offset = 0;
            for (int axis = 0; axis < index.Length; axis++)
            {
                offset += index[axis] * strides[axis];
            }
            destination[offset] += grad[flat];
            Increment(index, from);
        }
    }

    /// <summary>True when <paramref name="small"/> equals the trailing axes of <paramref name="large"/> (a row broadcast).</summary>
    public static bool IsTrailing(TensorShape small, TensorShape large)
    {
        if (small.Rank > large.Rank)
        {
            return false;
        }
        return large.Lengths[(large.Rank - small.Rank)..].SequenceEqual(small.Lengths);
    }

    // Strides into the source for each axis of the target; 0 where the source is broadcast.
    private static int[] SourceStrides(TensorShape source, TensorShape target)
    {
        var strides = new int[target.Rank];
        int stride = 1;
        for (int i = 0; i < target.Rank; i++)
        {
            int axisFromEnd = i;
            int length = LengthFromEnd(source, axisFromEnd);
            strides[target.Rank - 1 - i] = length == 1 ? 0 : stride;
            stride *= length;
        }
        return strides;
    }

    private static int LengthFromEnd(TensorShape shape, int axisFromEnd) =>
        axisFromEnd < shape.Rank ? shape[shape.Rank - 1 - axisFromEnd] : 1;

    private static void Increment(int[] index, TensorShape shape)
    {
        for (int axis = index.Length - 1; axis >= 0; axis--)
        {
            if (++index[axis] < shape[axis])
            {
                return;
            }
            index[axis] = 0;
        }
    }
}
