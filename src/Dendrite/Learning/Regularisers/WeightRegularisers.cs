using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Learning.Regularisers;

/// <summary>Weight penalties as loss terms (learning.md §9): unlike an optimizer's weight decay they show up in the loss.</summary>
public static class WeightRegularisers
{
    /// <summary>λ·Σ|w| over all the given tensors (the gradient at w = 0 is 0).</summary>
    public static Tensor L1(IEnumerable<Tensor> weights, double strength) => SumOver(weights, Ops.Abs, strength);

    /// <summary>λ·Σw² over all the given tensors.</summary>
    public static Tensor L2(IEnumerable<Tensor> weights, double strength) => SumOver(weights, Ops.Square, strength);

    private static Tensor SumOver(IEnumerable<Tensor> weights, Func<Tensor, Tensor> penalty, double strength)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Tensor? total = null;
        foreach (Tensor w in weights)
        {
            Tensor term = Ops.Sum(penalty(w));
            total = total is null ? term : Ops.Add(total, term);
        }
        return Ops.Scale(total ?? Tensor.Scalar(0f), (float)strength);
    }
}
