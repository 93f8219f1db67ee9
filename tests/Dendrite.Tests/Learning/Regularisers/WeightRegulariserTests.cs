using Dendrite.Autodiff;
using Dendrite.Learning.Regularisers;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.Regularisers;

/// <summary>Weight L1/L2 penalties: hand values, hand gradients, finite differences.</summary>
public class WeightRegulariserTests
{
    [Fact]
    public void L1AndL2OverTwoTensorsMatchHandValues()
    {
        var a = Tensor.FromArray([1f, -2f], 2);
        var b = Tensor.FromArray([3f, 0f], 2);
        a.RequiresGrad = true;
        b.RequiresGrad = true;
        using (var tape = new Tape())
        {
            Tensor l1 = WeightRegularisers.L1([a, b], 0.1);
            Assert.Equal(0.6f, l1.ToScalar(), 1e-6f); // 0.1·(1 + 2 + 3 + 0)
            tape.Backward(l1);
        }
        Assert.Equal([0.1f, -0.1f], a.Grad!.ToArray());
        Assert.Equal([0.1f, 0f], b.Grad!.ToArray()); // sign(0) = 0
        a.Grad.Span.Clear();
        b.Grad.Span.Clear();
        using (var tape = new Tape())
        {
            Tensor l2 = WeightRegularisers.L2([a, b], 0.5);
            Assert.Equal(7f, l2.ToScalar(), 1e-6f); // 0.5·(1 + 4 + 9)
            tape.Backward(l2);
        }
        Assert.Equal([1f, -2f], a.Grad.ToArray()); // 2·0.5·w
        Assert.Equal([3f, 0f], b.Grad.ToArray());
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var w = new Tensor(4, 5) { RequiresGrad = true, Name = "w" };
        Init.Uniform(w, new Rng(4), 0.2f, 1f); // away from |w|'s kink at 0
        for (int i = 0; i < w.Length; i += 2)
        {
            w.Span[i] = -w.Span[i];
        }
        GradCheck.Assert(() => WeightRegularisers.L1([w], 0.7), [w]);
        GradCheck.Assert(() => WeightRegularisers.L2([w], 0.7), [w]);
    }
}
