using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Learning.DeepR;

/// <summary>
/// The tape op x·Wᵀ for a DEEP R matrix, computed from its K active connections only (O(rows·K) forward and backward).
/// The backward leaves ∂E/∂w per active connection inside the <see cref="DeepRewiring"/> for its next <see cref="DeepRewiring.Step()"/>,
/// and never forms the dense M-sized gradient.
/// </summary>
public static class SparseProduct
{
    /// <summary>x [..., in] · Wᵀ → [..., out], W = <paramref name="connections"/>' weight [out, in].</summary>
    public static Tensor Linear(Tensor x, DeepRewiring connections)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(connections);
        Tensor weight = connections.Weight;
        if (weight.Rank != 2 || x.Rank < 1 || x.Shape[-1] != weight.Shape[1])
        {
            ThrowHelper.ThrowShapeMismatch("DEEP R linear: input [..., in] and weight [out, in]", x.Shape, weight.Shape);
        }
        int inputs = weight.Shape[1];
        int outputs = weight.Shape[0];
        int rows = x.Length / inputs;
        int[] index = connections.ActiveIndices.ToArray();
        var w = new float[index.Length];
        for (int slot = 0; slot < w.Length; slot++)
        {
            w[slot] = connections.SlotWeight(slot);
        }
        int[] lengths = x.Shape.ToArray();
        lengths[^1] = outputs;
        var y = new Tensor(lengths);
        SparseProductKernel.Forward(x.Span, rows, inputs, index, w, outputs, y.Span);
        if (Tape.Current is not null)
        {
            Tape.Record("DeepRLinear", y, g => SparseProductKernel.Backward(x.Span, g.Span, rows, inputs, outputs, index, w,
                x.RequiresGrad ? x.GradOrZeros().Span : [], connections.AccumulateSlotGradient()));
        }
        return y;
    }
}
