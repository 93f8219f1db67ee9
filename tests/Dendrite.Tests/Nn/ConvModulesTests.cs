using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Tests.Nn;

/// <summary>Conv2d, MaxPool2d and AvgPool2d modules: construction, PyTorch initialisation and forward shapes.</summary>
public class ConvModulesTests
{
    [Fact]
    public void Conv2dInitialisesLikePyTorch()
    {
        var conv = new Conv2d(8, 16, 3, new Rng(1), padding: 1, groups: 2);
        Assert.Equal(new TensorShape(16, 4, 3, 3), conv.Weight.Shape);
        Assert.Equal(new TensorShape(16), conv.Bias!.Shape);
        Assert.Equal(["weight", "bias"], conv.NamedParameters().Select(p => p.Name));
        // fan_in = (8 / 2)·3·3 = 36: weight and bias uniform in ±1/6.
        float bound = 1f / 6f;
        Assert.All(conv.Weight.Value.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.All(conv.Bias.Value.ToArray(), v => Assert.InRange(v, -bound, bound));
        Assert.True(conv.Weight.Value.ToArray().Max(MathF.Abs) > 0.9f * bound);
    }

    [Fact]
    public void Conv2dForwardOverImagesAndTimeMajorSequences()
    {
        var conv = new Conv2d(2, 4, (3, 1), new Rng(2), stride: (2, 1), padding: (1, 0), bias: false);
        Assert.Null(conv.Bias);
        Assert.Equal(new TensorShape(5, 4, 4, 6), conv.Forward(new Tensor(5, 2, 8, 6)).Shape);
        Assert.Equal(new TensorShape(3, 5, 4, 4, 6), conv.Forward(new Tensor(3, 5, 2, 8, 6)).Shape);

        using var tape = new Tape();
        Tensor loss = Ops.Sum(conv.Forward(TestData.Uniform(3, -1f, 1f, 3, 2, 2, 8, 6)));
        tape.Backward(loss);
        Assert.NotNull(conv.Weight.Grad);
    }

    [Fact]
    public void Conv2dRejectsBadConfigurationAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, new Rng(4), groups: 2));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 0, new Rng(4)));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, new Rng(4), stride: 0));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, new Rng(4), padding: -1));
    }

    [Fact]
    public void PoolingModulesDefaultTheStrideToTheKernel()
    {
        var x = new Tensor(2, 3, 9, 8);
        Assert.Equal(new TensorShape(2, 3, 3, 2), new MaxPool2d(3).Forward(x).Shape);
        Assert.Equal(new TensorShape(2, 3, 4, 4), new AvgPool2d(2).Forward(x).Shape);
        Assert.Equal(new TensorShape(2, 3, 9, 8), new MaxPool2d(3, stride: 1, padding: 1).Forward(x).Shape);
        Assert.Equal(new TensorShape(4, 2, 3, 4, 4), new AvgPool2d((2, 2)).Forward(new Tensor(4, 2, 3, 9, 8)).Shape);
        Assert.Throws<ArgumentException>(() => new MaxPool2d(2, padding: 2));
        Assert.Throws<ArgumentException>(() => new AvgPool2d(0));
    }
}
