using Dendrite.Autodiff;
using Dendrite.Learning.DeepR;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.DeepR;

/// <summary>The O(K) DEEP R product against the dense GEMM on the mirrored weight, and the fast kernel against the naive one.</summary>
public class SparseProductTests
{
    [Fact]
    public void ForwardAndBackwardMatchTheDenseProductOnTheMirroredWeight()
    {
        var rng = new Rng(31);
        var sparse = new DeepRewiring(RandomTensor(rng, 7, 9), 12, new DeepROptions(0.1f), rng.Fork("deepr"));
        Tensor x = RandomTensor(rng, 2, 3, 9);
        x.RequiresGrad = true;
        Tensor upstream = RandomTensor(rng, 2, 3, 7);

        float[] y, dx;
        using (var tape = new Tape())
        {
            Tensor output = SparseProduct.Linear(x, sparse);
            y = output.ToArray();
            tape.Backward(output, upstream);
            dx = x.Grad!.ToArray();
        }

        // The independent reference: the dense GEMM on a copy of the mirrored weight, with autodiff.
        Tensor dense = sparse.Weight.Clone();
        dense.RequiresGrad = true;
        Tensor xDense = x.Detach().Clone();
        xDense.RequiresGrad = true;
        using (var tape = new Tape())
        {
            Tensor output = Ops.Linear(xDense, dense);
            AssertClose(output.ToArray(), y);
            tape.Backward(output, upstream);
        }
        AssertClose(xDense.Grad!.ToArray(), dx);

        // The slot gradient drives the same step as the dense gradient does.
        var twin = new DeepRewiring(RandomTensor(new Rng(31), 7, 9), 12, new DeepROptions(0.1f), new Rng(31).Fork("deepr"));
        Assert.Equal(sparse.ActiveIndices.ToArray(), twin.ActiveIndices.ToArray());
        sparse.Step();
        twin.Step(dense.Grad!.Span);
        Assert.Equal(twin.ActiveIndices.ToArray(), sparse.ActiveIndices.ToArray());
        AssertClose(twin.Theta.ToArray(), sparse.Theta.ToArray());
    }

    [Fact]
    public void FastKernelsMatchTheNaiveReference()
    {
        var rng = new Rng(5);
        const int rows = 13, inputs = 17, outputs = 11;
        int[] index = rng.Permutation(inputs * outputs)[..40];
        float[] w = RandomTensor(rng, 40).ToArray();
        float[] x = RandomTensor(rng, rows, inputs).ToArray();
        float[] dy = RandomTensor(rng, rows, outputs).ToArray();
        float[] yFast = new float[rows * outputs], yNaive = new float[rows * outputs];
        SparseProductKernel.Forward(x, rows, inputs, index, w, outputs, yFast);
        SparseProductKernel.ForwardNaive(x, rows, inputs, index, w, outputs, yNaive);
        AssertClose(yNaive, yFast);
        float[] dxFast = new float[rows * inputs], dxNaive = new float[rows * inputs], dwFast = new float[40], dwNaive = new float[40];
        SparseProductKernel.Backward(x, dy, rows, inputs, outputs, index, w, dxFast, dwFast);
        SparseProductKernel.BackwardNaive(x, dy, rows, inputs, outputs, index, w, dxNaive, dwNaive);
        AssertClose(dxNaive, dxFast);
        AssertClose(dwNaive, dwFast);
    }

    [Fact]
    public void DeepRLinearTrainsOnlyItsKConnections()
    {
        // A 4-class linear problem: DEEP R with K = 16 of 40 connections lowers the loss, and never holds more than K non-zero weights.
        var rng = new Rng(12);
        var layer = new DeepRLinear(10, 4, 16, new DeepROptions(0.2f, L1: 1e-4f), rng);
        Tensor x = RandomTensor(rng, 64, 10);
        int[] labels = Enumerable.Range(0, 64).Select(i => x[i, i % 4] > 0 ? i % 4 : (i + 1) % 4).ToArray();
        var sgd = new Dendrite.Learning.Sgd([layer.Bias!], 0.2f);
        float first = 0, last = 0;
        for (int step = 0; step < 200; step++)
        {
            sgd.ZeroGrad();
            layer.Connections.ZeroGrad();
            using (var tape = new Tape())
            {
                Tensor loss = Losses.CrossEntropy(layer.Forward(x), labels);
                last = loss.ToScalar();
                first = step == 0 ? last : first;
                tape.Backward(loss);
            }
            sgd.Step();
            layer.Connections.Step();
            Assert.True(layer.Connections.Weight.ToArray().Count(v => v != 0f) <= 16);
        }
        Assert.True(last < 0.8f * first, $"loss {first} → {last}");
    }

    private static Tensor RandomTensor(Rng rng, params int[] shape)
    {
        var t = new Tensor(shape);
        Init.Uniform(t, rng, -1f, 1f);
        return t;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-5f * Math.Abs(expected[i]), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
