using Dendrite.Kernels;
using Dendrite.Tensors;
using Conv2dKernel = Dendrite.Kernels.Conv2d;

namespace Dendrite.Tests.Kernels;

/// <summary>The im2col + GEMM convolution against the direct reference, hand-computed cases and geometry errors.</summary>
[Collection("KernelThreads")]
public class Conv2dTests
{
    [Fact]
    public void MatchesReferenceOnRandomShapes()
    {
        var rng = new Rng(101);
        int checkedShapes = 0;
        while (checkedShapes < 300)
        {
            int groups = 1 + rng.NextInt(3);
            (int, int) kernel = (1 + rng.NextInt(4), 1 + rng.NextInt(4));
            (int, int) stride = (1 + rng.NextInt(3), 1 + rng.NextInt(3));
            (int, int) padding = (rng.NextInt(3), rng.NextInt(3));
            (int, int) dilation = (1 + rng.NextInt(3), 1 + rng.NextInt(3));
            int height = 1 + rng.NextInt(9);
            int width = 1 + rng.NextInt(9);
            if (!Fits(height, kernel.Item1, padding.Item1, dilation.Item1) || !Fits(width, kernel.Item2, padding.Item2, dilation.Item2))
            {
                continue;
            }
            var g = new Conv2dGeometry(1 + rng.NextInt(4), groups * (1 + rng.NextInt(3)), height, width, groups * (1 + rng.NextInt(3)),
                kernel, stride, padding, dilation, groups);
            CompareWithReference(g, seed: (ulong)checkedShapes);
            checkedShapes++;
        }
    }

    public static TheoryData<int, int, int, int, int, int, int, int, int, int> SpecialShapes => new()
    {
        // N, C, H, W, O, k, stride, padding, dilation, groups
        { 2, 3, 5, 7, 4, 1, 1, 0, 1, 1 },    // pointwise: no im2col
        { 2, 4, 6, 6, 6, 1, 1, 0, 1, 2 },    // grouped pointwise
        { 3, 2, 5, 5, 3, 1, 2, 0, 1, 1 },    // 1×1 with stride: im2col path
        { 2, 3, 4, 4, 2, 4, 1, 0, 1, 1 },    // kernel = input: one output pixel
        { 2, 3, 3, 3, 2, 3, 1, 1, 1, 1 },    // "same" padding
        { 1, 6, 7, 9, 6, 3, 2, 1, 1, 6 },    // depthwise
        { 2, 4, 11, 13, 8, 3, 1, 2, 2, 2 },  // dilated, grouped, odd sizes
        { 40, 3, 4, 4, 5, 3, 1, 1, 1, 1 },   // many small samples packed side by side in one GEMM
        { 7, 16, 12, 12, 16, 1, 1, 0, 1, 4 }, // grouped pointwise over a larger batch
        { 9, 16, 12, 12, 32, 5, 1, 0, 1, 1 }, // fmnist-csnn's second layer: 8-float row segments, 4 samples per GEMM
        { 3, 2, 13, 21, 3, 5, 1, 2, 1, 1 },  // padded rows longer than one vector, with a tail
    };

    [Theory]
    [MemberData(nameof(SpecialShapes))]
    public void MatchesReferenceOnSpecialShapes(int n, int c, int h, int w, int o, int k, int stride, int padding, int dilation, int groups)
    {
        var g = new Conv2dGeometry(n, c, h, w, o, (k, k), (stride, stride), (padding, padding), (dilation, dilation), groups);
        CompareWithReference(g, seed: 7);
    }

    [Fact]
    public void ThreeByThreeInputTwoByTwoKernelByHand()
    {
        var g = new Conv2dGeometry(1, 1, 3, 3, 1, (2, 2), (1, 1), (0, 0), (1, 1), 1);
        float[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        float[] w = [1, 2, 3, 4];
        float[] b = [0.5f];
        var y = new float[4];
        Conv2dKernel.Forward(g, x, w, b, y);
        // y[i, j] = x[i, j] + 2·x[i, j+1] + 3·x[i+1, j] + 4·x[i+1, j+1] + 0.5
        Assert.Equal([37.5f, 47.5f, 67.5f, 77.5f], y);

        float[] dy = [1, 1, 1, 1];
        var dx = new float[9];
        var dw = new float[4];
        var db = new float[1];
        Conv2dKernel.BackwardInput(g, dy, w, dx);
        Conv2dKernel.BackwardWeight(g, dy, x, dw);
        Conv2dKernel.BackwardBias(g, dy, db);
        // Each input pixel receives the kernel taps that covered it; each tap the sum of the pixels it saw.
        Assert.Equal([1, 3, 2, 4, 10, 6, 3, 7, 4], dx);
        Assert.Equal([12, 16, 24, 28], dw);
        Assert.Equal([4f], db);
    }

    [Fact]
    public void StridePaddingDilationByHand()
    {
        // A 1×3 kernel [1, 10, 100] dilated by 2, stride 2, padding 2 along a row of 5: taps at j·2 − 2 + {0, 2, 4}.
        var g = new Conv2dGeometry(1, 1, 1, 5, 1, (1, 3), (1, 2), (0, 2), (1, 2), 1);
        float[] x = [1, 2, 3, 4, 5];
        var y = new float[g.OutputLength];
        Conv2dKernel.Forward(g, x, [1, 10, 100], [], y);
        // j=0: taps −2, 0, 2 → 0 + 10·1 + 100·3; j=1: 0, 2, 4 → 1 + 30 + 500; j=2: 2, 4, 6 → 3 + 50 + 0.
        Assert.Equal([310f, 531f, 53f], y);
    }

    [Theory]
    [InlineData(12, 16)] // one sample per GEMM
    [InlineData(48, 8)]  // four samples per GEMM
    public void ThreadCountDoesNotChangeForwardOrInputGradient(int batch, int size)
    {
        // Over 2²⁰ multiply-adds, so two threads really split the batch.
        var g = new Conv2dGeometry(batch, 8, size, size, 8, (3, 3), (1, 1), (1, 1), (1, 1), 1);
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            (float[] y1, float[] dx1, float[] dw1) = RunOptimised(g, seed: 3);
            KernelThreads.Count = 2;
            (float[] y2, float[] dx2, float[] dw2) = RunOptimised(g, seed: 3);
            (float[] y3, float[] dx3, float[] dw3) = RunOptimised(g, seed: 3);
            Assert.Equal(y1, y2);
            Assert.Equal(dx1, dx2);
            var expected = new float[g.OutputLength];
            Conv2dReference.Forward(g, Random(3, g.InputLength), Random(4, g.WeightLength), [], expected);
            AssertClose(expected, y2, g.ToString());
            // The weight gradient sums per-worker partials: identical on repeat, close across thread counts.
            Assert.Equal(dw2, dw3);
            AssertClose(dw1, dw2);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void GeometryErrorsNameTheProblem()
    {
        var channels = Assert.Throws<ArgumentException>(() =>
            Conv2dGeometry.FromShapes(new TensorShape(2, 3, 8, 8), new TensorShape(4, 2, 3, 3), (1, 1), (0, 0), (1, 1), 1));
        Assert.Contains("[2, 3, 8, 8]", channels.Message);
        Assert.Contains("[4, 2, 3, 3]", channels.Message);
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 4, 8, 8, 6, (3, 3), (1, 1), (0, 0), (1, 1), 4));
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 2, 2, 1, (3, 3), (1, 1), (0, 0), (1, 1), 1));
        Assert.Throws<ArgumentException>(() => new Conv2dGeometry(1, 1, 8, 8, 1, (3, 3), (0, 1), (0, 0), (1, 1), 1));
        var g = new Conv2dGeometry(1, 1, 4, 4, 1, (3, 3), (1, 1), (0, 0), (1, 1), 1);
        Assert.Throws<ArgumentException>(() => Conv2dKernel.Forward(g, new float[15], new float[9], [], new float[4]));
    }

    private static bool Fits(int size, int kernel, int padding, int dilation) => size + 2 * padding >= dilation * (kernel - 1) + 1;

    private static void CompareWithReference(Conv2dGeometry g, ulong seed)
    {
        float[] x = Random(seed, g.InputLength);
        float[] w = Random(seed + 1000, g.WeightLength);
        float[] b = Random(seed + 2000, g.OutChannels);
        float[] dy = Random(seed + 3000, g.OutputLength);

        var expected = new float[g.OutputLength];
        var actual = new float[g.OutputLength];
        Conv2dReference.Forward(g, x, w, b, expected);
        Conv2dKernel.Forward(g, x, w, b, actual);
        AssertClose(expected, actual, g.ToString());

        // Backward kernels accumulate: start both from the same non-zero gradient.
        float[] dxExpected = Random(seed + 4000, g.InputLength);
        float[] dxActual = (float[])dxExpected.Clone();
        Conv2dReference.BackwardInput(g, dy, w, dxExpected);
        Conv2dKernel.BackwardInput(g, dy, w, dxActual);
        AssertClose(dxExpected, dxActual, g.ToString());

        float[] dwExpected = Random(seed + 5000, g.WeightLength);
        float[] dwActual = (float[])dwExpected.Clone();
        Conv2dReference.BackwardWeight(g, dy, x, dwExpected);
        Conv2dKernel.BackwardWeight(g, dy, x, dwActual);
        AssertClose(dwExpected, dwActual, g.ToString());

        var dbExpected = new float[g.OutChannels];
        var dbActual = new float[g.OutChannels];
        Conv2dReference.BackwardBias(g, dy, dbExpected);
        Conv2dKernel.BackwardBias(g, dy, dbActual);
        AssertClose(dbExpected, dbActual, g.ToString());
    }

    private static (float[] Y, float[] Dx, float[] Dw) RunOptimised(Conv2dGeometry g, ulong seed)
    {
        float[] x = Random(seed, g.InputLength);
        float[] w = Random(seed + 1, g.WeightLength);
        float[] dy = Random(seed + 2, g.OutputLength);
        var y = new float[g.OutputLength];
        var dx = new float[g.InputLength];
        var dw = new float[g.WeightLength];
        Conv2dKernel.Forward(g, x, w, [], y);
        Conv2dKernel.BackwardInput(g, dy, w, dx);
        Conv2dKernel.BackwardWeight(g, dy, x, dw);
        return (y, dx, dw);
    }

    private static float[] Random(ulong seed, int length)
    {
        var values = new float[length];
        new Rng(seed).FillUniform(values, -1f, 1f);
        return values;
    }

    private static void AssertClose(float[] expected, float[] actual, string context = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = 1e-4f + 1e-4f * Math.Abs(expected[i]);
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]:G9}, expected {expected[i]:G9}.");
            }
        }
    }
}
