using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>Stacks equally shaped tensors along a new first axis: T × [B, N] → [T, B, N].</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            ThrowHelper.ThrowArgument("Stack needs at least one tensor.", nameof(items));
        }
        TensorShape itemShape = items[0].Shape;
        var y = new Tensor(itemShape.Prepend(items.Count));
        int size = itemShape.ElementCount;
        bool record = false;
        for (int t = 0; t < items.Count; t++)
        {
            ThrowHelper.CheckSameShape($"Stack (item {t} against item 0)", itemShape, items[t].Shape, nameof(items));
            items[t].Span.CopyTo(y.Span.Slice(t * size, size));
            record |= Tape.IsRecording(items[t]);
        }
        if (record)
        {
            Tensor[] captured = [.. items];
            Tape.Record("Stack", y, g =>
            {
                for (int t = 0; t < captured.Length; t++)
                {
                    Accumulate(captured[t], g.Span.Slice(t * size, size));
                }
            });
        }
        return y;
    }

    /// <summary>Concatenates along the first axis: [a, ...] and [b, ...] → [a + b, ...].</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            ThrowHelper.ThrowArgument("Concat needs at least one tensor.", nameof(items));
        }
        TensorShape first = items[0].Shape;
        int total = 0;
        foreach (Tensor item in items)
        {
            if (item.Rank != first.Rank || item.Rank == 0 || item.Shape.RowSize != first.RowSize || !item.Shape.Lengths[1..].SequenceEqual(first.Lengths[1..]))
            {
                ThrowHelper.ThrowShapeMismatch("Concat along the first axis", first, item.Shape, nameof(items));
            }
            total += item.Shape[0];
        }
        var y = new Tensor(first.WithFirst(total));
        int offset = 0;
        bool record = false;
        foreach (Tensor item in items)
        {
            item.Span.CopyTo(y.Span[offset..]);
            offset += item.Length;
            record |= Tape.IsRecording(item);
        }
        if (record)
        {
            Tensor[] captured = [.. items];
            Tape.Record("Concat", y, g =>
            {
                int start = 0;
                foreach (Tensor item in captured)
                {
                    Accumulate(item, g.Span.Slice(start, item.Length));
                    start += item.Length;
                }
            });
        }
        return y;
    }

    /// <summary>The transpose of a 2-D tensor, as a new contiguous tensor.</summary>
    public static Tensor Transpose(Tensor x)
    {
        if (x.Rank != 2)
        {
            ThrowHelper.ThrowArgument($"Transpose needs a 2-D tensor; got shape {x.Shape}.", nameof(x));
        }
        int rows = x.Shape[0];
        int cols = x.Shape[1];
        var y = new Tensor(cols, rows);
        MatrixTranspose.Into(x.Span, rows, cols, y.Span);
        if (Tape.IsRecording(x))
        {
            Tape.Record("Transpose", y, g =>
            {
                var partial = new float[x.Length];
                MatrixTranspose.Into(g.Span, cols, rows, partial);
                Accumulate(x, partial);
            });
        }
        return y;
    }

    /// <summary>Flattens all axes after the first: [B, ...] → [B, rest] (a view; gradients flow through it).</summary>
    public static Tensor Flatten(Tensor x) => x.Reshape(x.Rank == 0 ? 1 : x.Shape[0], -1);
}
