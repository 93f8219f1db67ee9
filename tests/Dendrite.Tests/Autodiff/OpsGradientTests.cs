using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Tests.Autodiff;

/// <summary>Every differentiable primitive against finite differences (GradCheck).</summary>
public class OpsGradientTests
{
    [Fact]
    public void AddSubtractMultiplyDivideSameShape()
    {
        Tensor a = TestData.Tracked(1, -1f, 1f, 3, 4);
        Tensor b = TestData.Tracked(2, 0.5f, 2f, 3, 4);
        GradCheck.Assert(() => Ops.Add(a, b), [a, b]);
        GradCheck.Assert(() => Ops.Subtract(a, b), [a, b]);
        GradCheck.Assert(() => Ops.Multiply(a, b), [a, b]);
        GradCheck.Assert(() => Ops.Divide(a, b), [a, b]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 1 })]
    [InlineData(new[] { 2, 1, 4 }, new[] { 1, 3, 1 })]
    [InlineData(new[] { 5 }, new int[0])]
    public void BroadcastingSumsGradientOverStretchedAxes(int[] left, int[] right)
    {
        Tensor a = TestData.Tracked(3, -1f, 1f, left);
        Tensor b = TestData.Tracked(4, 0.5f, 2f, right);
        GradCheck.Assert(() => Ops.Add(a, b), [a, b]);
        GradCheck.Assert(() => Ops.Multiply(a, b), [a, b]);
        GradCheck.Assert(() => Ops.Divide(a, b), [a, b]);
        GradCheck.Assert(() => Ops.Subtract(b, a), [a, b]);
    }

    [Fact]
    public void IncompatibleBroadcastNamesBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.Add(new Tensor(2, 3), new Tensor(4)));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[4]", error.Message);
    }

    [Fact]
    public void UnaryFunctions()
    {
        Tensor x = TestData.TrackedAwayFromZero(5, 0.05f, 4, 5);
        Tensor positive = TestData.Tracked(6, 0.2f, 3f, 4, 5);
        GradCheck.Assert(() => Ops.Exp(x), [x]);
        GradCheck.Assert(() => Ops.Log(positive), [positive]);
        GradCheck.Assert(() => Ops.Sqrt(positive), [positive]);
        GradCheck.Assert(() => Ops.Tanh(x), [x]);
        GradCheck.Assert(() => Ops.Sigmoid(x), [x]);
        GradCheck.Assert(() => Ops.Relu(x), [x]);
        GradCheck.Assert(() => Ops.Abs(x), [x]);
        GradCheck.Assert(() => Ops.Square(x), [x]);
        GradCheck.Assert(() => Ops.Affine(x, -1.5f, 0.25f), [x]);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulAllTransposes(bool transposeA, bool transposeB)
    {
        Tensor a = TestData.Tracked(7, -1f, 1f, transposeA ? [5, 3] : [3, 5]);
        Tensor b = TestData.Tracked(8, -1f, 1f, transposeB ? [4, 5] : [5, 4]);
        GradCheck.Assert(() => Ops.MatMul(a, b, transposeA, transposeB), [a, b]);
    }

    [Fact]
    public void MatMulInnerMismatchNamesBothShapes()
    {
        var error = Assert.Throws<ArgumentException>(() => Ops.MatMul(new Tensor(2, 3), new Tensor(4, 5)));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[4, 5]", error.Message);
    }

    [Fact]
    public void LinearOverLeadingAxes()
    {
        Tensor x = TestData.Tracked(9, -1f, 1f, 3, 2, 5);
        Tensor w = TestData.Tracked(10, -1f, 1f, 4, 5);
        Tensor b = TestData.Tracked(11, -1f, 1f, 4);
        GradCheck.Assert(() => Ops.Linear(x, w, b), [x, w, b]);
        Assert.Equal(new TensorShape(3, 2, 4), Ops.Linear(x, w, b).Shape);
    }

    [Fact]
    public void Reductions()
    {
        // Distinct values 0.1 apart, so no finite-difference step changes which element is the maximum.
        int[] order = new Rng(12).Permutation(24);
        var x = Tensor.FromArray(order.Select(i => i * 0.1f - 1.2f).ToArray(), 3, 4, 2);
        x.RequiresGrad = true;
        GradCheck.Assert(() => Ops.Sum(x), [x]);
        GradCheck.Assert(() => Ops.Mean(x), [x]);
        for (int axis = 0; axis < 3; axis++)
        {
            int captured = axis;
            GradCheck.Assert(() => Ops.Sum(x, captured), [x]);
            GradCheck.Assert(() => Ops.Mean(x, captured), [x]);
            GradCheck.Assert(() => Ops.Max(x, captured), [x], step: 1e-3);
        }
    }

    [Fact]
    public void ShapeOperations()
    {
        Tensor a = TestData.Tracked(13, -1f, 1f, 2, 3);
        Tensor b = TestData.Tracked(14, -1f, 1f, 2, 3);
        Tensor c = TestData.Tracked(15, -1f, 1f, 1, 3);
        GradCheck.Assert(() => Ops.Stack([a, b]), [a, b]);
        GradCheck.Assert(() => Ops.Concat([a, c]), [a, c]);
        GradCheck.Assert(() => Ops.Transpose(a), [a]);
        GradCheck.Assert(() => Ops.Multiply(a.Reshape(3, 2), a.Reshape(3, 2)), [a]);
        GradCheck.Assert(() => Ops.Multiply(a[1], b[0]), [a, b]);
        GradCheck.Assert(() => Ops.Exp(a.Slice(1, 1)), [a]);
    }

    [Fact]
    public void SoftmaxFamilyAndLosses()
    {
        Tensor x = TestData.Tracked(16, -2f, 2f, 4, 5);
        Tensor target = TestData.Uniform(17, -1f, 1f, 4, 5);
        int[] labels = [0, 4, 2, 2];
        GradCheck.Assert(() => Ops.Softmax(x), [x]);
        GradCheck.Assert(() => Ops.LogSoftmax(x), [x]);
        GradCheck.Assert(() => Losses.CrossEntropy(x, labels), [x]);
        GradCheck.Assert(() => Losses.Nll(Ops.LogSoftmax(x), labels), [x]);
        GradCheck.Assert(() => Losses.Mse(x, target), [x]);
    }

    [Fact]
    public void CheckerCatchesAWrongGradient()
    {
        // A deliberately wrong backward (twice the true gradient) must be reported.
        Tensor x = TestData.Tracked(18, -1f, 1f, 3);
        Tensor Wrong()
        {
            Tensor y = Ops.Unary(x, new Dendrite.Kernels.Elementwise.AffineOperator(3f, 0f));
            if (Tape.IsRecording(x))
            {
                Tape.Record("Wrong", y, g => Ops.AccumulateScaled(x, g.Span, 6f));
            }
            return y;
        }
        Assert.Throws<GradCheckException>(() => GradCheck.Assert(Wrong, [x]));
    }
}
