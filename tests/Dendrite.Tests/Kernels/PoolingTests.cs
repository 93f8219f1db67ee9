using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Tests.Kernels;

/// <summary>Max and average pooling against the per-tap reference, hand-computed cases, ties and geometry errors.</summary>
[Collection("KernelThreads")]
public class PoolingTests
{
    [Fact]
    public void MatchesReferenceOnRandomShapes()
    {
        var rng = new Rng(201);
        int checkedShapes = 0;
        while (checkedShapes < 400)
        {
            (int, int) kernel = (1 + rng.NextInt(4), 1 + rng.NextInt(4));
            (int, int) stride = (1 + rng.NextInt(3), 1 + rng.NextInt(3));
            (int, int) padding = (rng.NextInt(kernel.Item1 / 2 + 1), rng.NextInt(kernel.Item2 / 2 + 1));
            int height = 1 + rng.NextInt(9);
            int width = 1 + rng.NextInt(9);
            if (height + 2 * padding.Item1 < kernel.Item1 || width + 2 * padding.Item2 < kernel.Item2)
            {
                continue;
            }
            var g = new Pool2dGeometry(1 + rng.NextInt(3), 1 + rng.NextInt(3), height, width, kernel, stride, padding);
            // Few distinct values, so windows often tie and the first-wins rule is exercised.
            float[] x = Random((ulong)checkedShapes, g.InputLength, levels: checkedShapes % 2 == 0 ? 4 : 0);
            CompareWithReference(g, x, (ulong)checkedShapes);
            checkedShapes++;
        }
    }

    [Theory]
    [InlineData(4, 32, 24, 24, 3, 1, 1)]  // large enough for several workers: planes split across threads
    [InlineData(2, 3, 7, 7, 7, 1, 0)]     // kernel = input
    [InlineData(2, 3, 5, 6, 1, 1, 0)]     // 1×1: identity
    [InlineData(1, 2, 9, 8, 3, 2, 1)]     // odd, padded, overlapping
    public void MatchesReferenceOnSpecialShapes(int n, int c, int h, int w, int k, int stride, int padding)
    {
        var g = new Pool2dGeometry(n, c, h, w, (k, k), (stride, stride), (padding, padding));
        CompareWithReference(g, Random(5, g.InputLength, levels: 0), 5);
    }

    [Fact]
    public void MaxPoolByHand()
    {
        var g = new Pool2dGeometry(1, 1, 4, 4, (2, 2), (2, 2), (0, 0));
        float[] x =
        [
            1, 5, 2, 0,
            3, 4, 8, 8,
            -1, -2, 6, 7,
            -3, -4, 7, 6,
        ];
        var y = new float[4];
        var winners = new int[4];
        Pooling2d.MaxForward(g, x, y, winners);
        Assert.Equal([5f, 8f, -1f, 7f], y);
        // The 8s tie at indices 6 and 7, the 7s at 11 and 14: the first in row-major order wins, as PyTorch.
        Assert.Equal([1, 6, 8, 11], winners);
        var dx = new float[16];
        Pooling2d.MaxBackward(g, [10f, 20f, 30f, 40f], winners, dx);
        Assert.Equal([0, 10, 0, 0, 0, 0, 20, 0, 30, 0, 0, 40, 0, 0, 0, 0], dx);
    }

    [Fact]
    public void MaxPoolPaddingNeverWins()
    {
        // All-negative input with padding: a zero from the padding must not be the maximum.
        var g = new Pool2dGeometry(1, 1, 2, 2, (2, 2), (1, 1), (1, 1));
        float[] x = [-1, -2, -3, -4];
        var y = new float[9];
        Pooling2d.MaxForward(g, x, y, new int[9]);
        Assert.Equal([-1f, -1f, -2f, -1f, -1f, -2f, -3f, -3f, -4f], y);
    }

    [Fact]
    public void MaxPoolNaNPropagates()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, (2, 2), (2, 2), (0, 0));
        var y = new float[1];
        var winner = new int[1];
        Pooling2d.MaxForward(g, [1f, float.NaN, 3f, 2f], y, winner);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(1, winner[0]);
    }

    [Fact]
    public void AvgPoolByHandWithAndWithoutPadInDivisor()
    {
        var g = new Pool2dGeometry(1, 1, 2, 2, (2, 2), (1, 1), (1, 1));
        float[] x = [1, 2, 3, 4];
        var y = new float[9];
        Pooling2d.AvgForward(g, x, y, countIncludePad: true);
        Assert.Equal([0.25f, 0.75f, 0.5f, 1f, 2.5f, 1.5f, 0.75f, 1.75f, 1f], y);
        Pooling2d.AvgForward(g, x, y, countIncludePad: false);
        Assert.Equal([1f, 1.5f, 2f, 2f, 2.5f, 3f, 3f, 3.5f, 4f], y);

        // Backward: each input pixel is in four windows; with the pad counted each passes on a quarter.
        var dx = new float[4];
        Pooling2d.AvgBackward(g, [1, 1, 1, 1, 1, 1, 1, 1, 1], dx, countIncludePad: true);
        Assert.Equal([1f, 1f, 1f, 1f], dx);
    }

    [Fact]
    public void GeometryErrors()
    {
        Assert.Throws<ArgumentException>(() => new Pool2dGeometry(1, 1, 4, 4, (2, 2), (2, 2), (2, 2)));
        Assert.Throws<ArgumentException>(() => new Pool2dGeometry(1, 1, 2, 2, (3, 3), (1, 1), (0, 0)));
        Assert.Throws<ArgumentException>(() => new Pool2dGeometry(1, 1, 4, 4, (2, 2), (0, 2), (0, 0)));
        var error = Assert.Throws<ArgumentException>(() => Pool2dGeometry.FromShape(new TensorShape(3, 4, 4), (2, 2), (2, 2), (0, 0)));
        Assert.Contains("[3, 4, 4]", error.Message);
    }

    private static void CompareWithReference(Pool2dGeometry g, float[] x, ulong seed)
    {
        float[] dy = Random(seed + 1000, g.OutputLength, levels: 0);

        var expected = new float[g.OutputLength];
        var actual = new float[g.OutputLength];
        var winners = new int[g.OutputLength];
        Pooling2dReference.MaxForward(g, x, expected);
        Pooling2d.MaxForward(g, x, actual, winners);
        Assert.Equal(expected, actual);
        float[] dxExpected = Random(seed + 2000, g.InputLength, levels: 0);
        float[] dxActual = (float[])dxExpected.Clone();
        Pooling2dReference.MaxBackward(g, x, dy, dxExpected);
        Pooling2d.MaxBackward(g, dy, winners, dxActual);
        Assert.Equal(dxExpected, dxActual);

        foreach (bool countIncludePad in new[] { true, false })
        {
            Pooling2dReference.AvgForward(g, x, expected, countIncludePad);
            Pooling2d.AvgForward(g, x, actual, countIncludePad);
            AssertClose(expected, actual, g.ToString());
            dxExpected = Random(seed + 3000, g.InputLength, levels: 0);
            dxActual = (float[])dxExpected.Clone();
            Pooling2dReference.AvgBackward(g, dy, dxExpected, countIncludePad);
            Pooling2d.AvgBackward(g, dy, dxActual, countIncludePad);
            AssertClose(dxExpected, dxActual, g.ToString());
        }
    }

    // Uniform in [-1, 1), or one of `levels` values when levels > 0 (to make ties).
    private static float[] Random(ulong seed, int length, int levels)
    {
        var values = new float[length];
        new Rng(seed).FillUniform(values, -1f, 1f);
        if (levels > 0)
        {
            for (int i = 0; i < length; i++)
            {
                values[i] = MathF.Floor((values[i] + 1f) * levels / 2f);
            }
        }
        return values;
    }

    private static void AssertClose(float[] expected, float[] actual, string context)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-5f + 1e-5f * Math.Abs(expected[i])))
            {
                Assert.Fail($"{context}: element {i} is {actual[i]:G9}, expected {expected[i]:G9}.");
            }
        }
    }
}
