using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Tests.Autodiff;

/// <summary>Conv2d, pooling and dropout ops: finite-difference gradients, time-major folding and shape errors.</summary>
public class ConvOpsGradientTests
{
    public static TheoryData<int, int, int, int, int, int, int> ConvCases => new()
    {
        // C, O, k, stride, padding, dilation, groups
        { 2, 3, 3, 1, 0, 1, 1 },
        { 2, 3, 3, 2, 1, 1, 1 },
        { 2, 2, 2, 1, 2, 2, 1 },
        { 4, 6, 3, 1, 1, 1, 2 },
        { 3, 3, 3, 2, 1, 1, 3 },
        { 3, 4, 1, 1, 0, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2dGradientsForInputWeightAndBias(int c, int o, int k, int stride, int padding, int dilation, int groups)
    {
        Tensor x = TestData.Tracked(1, -1f, 1f, 2, c, 6, 5);
        Tensor w = TestData.Tracked(2, -1f, 1f, o, c / groups, k, k);
        Tensor b = TestData.Tracked(3, -1f, 1f, o);
        GradCheck.Assert(() => Ops.Conv2d(x, w, b, stride, padding, dilation, groups), [x, w, b]);
    }

    [Fact]
    public void Conv2dRectangularSizesWithoutBias()
    {
        Tensor x = TestData.Tracked(4, -1f, 1f, 1, 2, 5, 7);
        Tensor w = TestData.Tracked(5, -1f, 1f, 3, 2, 2, 3);
        GradCheck.Assert(() => Ops.Conv2d(x, w, null, (2, 1), (1, 0), (1, 2)), [x, w]);
    }

    [Fact]
    public void MaxPool2dGradientAwayFromTies()
    {
        Tensor x = Distinct(6, 2, 2, 6, 7);
        GradCheck.Assert(() => Ops.MaxPool2d(x, 2), [x]);
        GradCheck.Assert(() => Ops.MaxPool2d(x, 3, stride: 1, padding: 1), [x]);
        GradCheck.Assert(() => Ops.MaxPool2d(x, (3, 2), (2, 1), (1, 0)), [x]);
    }

    [Fact]
    public void AvgPool2dGradient()
    {
        Tensor x = TestData.Tracked(7, -1f, 1f, 2, 2, 6, 7);
        GradCheck.Assert(() => Ops.AvgPool2d(x, 2), [x]);
        GradCheck.Assert(() => Ops.AvgPool2d(x, 3, stride: 2, padding: 1), [x]);
        GradCheck.Assert(() => Ops.AvgPool2d(x, 3, stride: 2, padding: 1, countIncludePad: false), [x]);
        GradCheck.Assert(() => Ops.AvgPool2d(x, (2, 3), (1, 2), (1, 1)), [x]);
    }

    [Fact]
    public void DropoutGradientUsesTheForwardMask()
    {
        Tensor x = TestData.Tracked(8, -1f, 1f, 3, 4, 5);
        // A fresh generator with the same seed per evaluation: every evaluation draws the same mask.
        GradCheck.Assert(() => Ops.Dropout(x, 0.4f, new Rng(9), training: true), [x]);
    }

    [Fact]
    public void ConvPoolChainGradient()
    {
        Tensor x = TestData.Tracked(10, -1f, 1f, 2, 2, 8, 8);
        Tensor w = TestData.Tracked(11, -1f, 1f, 3, 2, 3, 3);
        Tensor b = TestData.Tracked(12, -1f, 1f, 3);
        // Tanh rather than ReLU: a weight step moves many pre-activations, and one crossing a kink spoils the difference.
        GradCheck.Assert(() => Ops.AvgPool2d(Ops.Tanh(Ops.Conv2d(x, w, b, padding: 1)), 2), [x, w, b]);
    }

    [Fact]
    public void TimeMajorInputEqualsPerStepApplication()
    {
        const int steps = 3;
        Tensor x = TestData.Uniform(13, -1f, 1f, steps, 2, 4, 6, 6);
        Tensor w = TestData.Uniform(14, -1f, 1f, 6, 2, 3, 3);
        Tensor b = TestData.Uniform(15, -1f, 1f, 6);
        AssertPerStep(x, t => Ops.Conv2d(t, w, b, stride: 1, padding: 1, groups: 2), [steps, 2, 6, 6, 6]);
        AssertPerStep(x, t => Ops.MaxPool2d(t, 2), [steps, 2, 4, 3, 3]);
        AssertPerStep(x, t => Ops.AvgPool2d(t, 3, stride: 2, padding: 1), [steps, 2, 4, 3, 3]);
    }

    [Fact]
    public void TimeMajorGradientsFlowToTheUnfoldedTensors()
    {
        Tensor x = TestData.Tracked(16, -1f, 1f, 2, 2, 2, 5, 5);
        Tensor w = TestData.Tracked(17, -1f, 1f, 3, 2, 3, 3);
        Tensor b = TestData.Tracked(18, -1f, 1f, 3);
        GradCheck.Assert(() => Ops.Conv2d(x, w, b, padding: 1), [x, w, b]);
        GradCheck.Assert(() => Ops.AvgPool2d(x, 2), [x]);
        Tensor distinct = Distinct(19, 2, 2, 2, 4, 4);
        GradCheck.Assert(() => Ops.MaxPool2d(distinct, 2), [distinct]);
    }

    [Fact]
    public void ShapeErrorsNameBothShapes()
    {
        var channels = Assert.Throws<ArgumentException>(() => Ops.Conv2d(new Tensor(2, 3, 8, 8), new Tensor(4, 2, 3, 3)));
        Assert.Contains("[2, 3, 8, 8]", channels.Message);
        Assert.Contains("[4, 2, 3, 3]", channels.Message);

        var timeMajor = Assert.Throws<ArgumentException>(() => Ops.Conv2d(new Tensor(5, 2, 3, 8, 8), new Tensor(4, 1, 3, 3)));
        Assert.Contains("[5, 2, 3, 8, 8]", timeMajor.Message);
        Assert.Contains("[4, 1, 3, 3]", timeMajor.Message);

        var bias = Assert.Throws<ArgumentException>(() => Ops.Conv2d(new Tensor(2, 3, 8, 8), new Tensor(4, 3, 3, 3), new Tensor(5)));
        Assert.Contains("[5]", bias.Message);
        Assert.Contains("[4, 3, 3, 3]", bias.Message);

        var rank = Assert.Throws<ArgumentException>(() => Ops.Conv2d(new Tensor(3, 8, 8), new Tensor(4, 3, 3, 3)));
        Assert.Contains("[3, 8, 8]", rank.Message);
        Assert.Contains("[4, 3, 3, 3]", rank.Message);

        var groups = Assert.Throws<ArgumentException>(() => Ops.Conv2d(new Tensor(1, 4, 8, 8), new Tensor(3, 2, 3, 3), groups: 2));
        Assert.Contains("[1, 4, 8, 8]", groups.Message);
        Assert.Contains("[3, 2, 3, 3]", groups.Message);

        var pool = Assert.Throws<ArgumentException>(() => Ops.MaxPool2d(new Tensor(4, 8, 8), 2));
        Assert.Contains("[4, 8, 8]", pool.Message);
        Assert.Throws<ArgumentException>(() => Ops.Conv2d(new Tensor(1, 1, 2, 2), new Tensor(1, 1, 3, 3)));
        Assert.Throws<ArgumentException>(() => Ops.AvgPool2d(new Tensor(1, 1, 2, 2), 3));
    }

    // Values 0.1 apart in a random order, so no finite-difference step changes which element wins a window.
    private static Tensor Distinct(ulong seed, params int[] shape)
    {
        int length = new TensorShape(shape).ElementCount;
        int[] order = new Rng(seed).Permutation(length);
        var x = Tensor.FromArray(order.Select(i => i * 0.1f - length * 0.05f).ToArray(), shape);
        x.RequiresGrad = true;
        x.Name = $"distinct{seed}";
        return x;
    }

    private static void AssertPerStep(Tensor x, Func<Tensor, Tensor> op, int[] expectedShape)
    {
        Tensor folded = op(x);
        Assert.Equal(new TensorShape(expectedShape), folded.Shape);
        for (int t = 0; t < x.Shape[0]; t++)
        {
            Assert.Equal(op(x[t]).ToArray(), folded[t].ToArray());
        }
    }
}
