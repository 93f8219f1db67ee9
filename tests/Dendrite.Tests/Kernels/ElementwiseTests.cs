using Dendrite.Kernels.Elementwise;

namespace Dendrite.Tests.Kernels;

/// <summary>The vector loop against the scalar reference at every length 0..257 (all SIMD tails).</summary>
public class ElementwiseTests
{
    public static IEnumerable<object[]> Lengths => Enumerable.Range(0, 258).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UnaryOperatorsMatchReference(int length)
    {
        CheckUnary(new ExpOperator(), length, -5f, 5f);
        CheckUnary(new LogOperator(), length, 0.01f, 10f);
        CheckUnary(new SigmoidOperator(), length, -20f, 20f);
        CheckUnary(new TanhOperator(), length, -20f, 20f);
        CheckUnary(new ReluOperator(), length, -1f, 1f);
        CheckUnary(new AbsOperator(), length, -1f, 1f);
        CheckUnary(new SqrtOperator(), length, 0f, 4f);
        CheckUnary(new HeavisideOperator(), length, -1f, 1f);
        CheckUnary(new AffineOperator(1.5f, -0.25f), length, -1f, 1f);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void BinaryOperatorsMatchReference(int length)
    {
        CheckBinary(new AddOperator(), length);
        CheckBinary(new SubtractOperator(), length);
        CheckBinary(new MultiplyOperator(), length);
        CheckBinary(new DivideOperator(), length);
        CheckBinary(new AddScaledOperator(0.5f), length);
        CheckBinary(new ReluBackwardOperator(), length);
        CheckBinary(new TanhBackwardOperator(), length);
        CheckBinary(new SigmoidBackwardOperator(), length);
    }

    [Fact]
    public void InPlaceIsAllowedPartialOverlapIsNot()
    {
        float[] x = Values(1, 40, -1f, 1f);
        float[] expected = x.Select(v => v * 2f).ToArray();
        Elementwise.Map(new AffineOperator(2f, 0f), x, x);
        Assert.Equal(expected, x);
        Assert.Throws<ArgumentException>(() => Elementwise.Map(new AffineOperator(2f, 0f), x.AsSpan(0, 20), x.AsSpan(1, 20)));
        Assert.Throws<ArgumentException>(() => Elementwise.Map(new AffineOperator(2f, 0f), x.AsSpan(0, 20), new float[19]));
        Assert.Throws<ArgumentException>(() => Elementwise.Map(new AddOperator(), x.AsSpan(0, 20), x.AsSpan(0, 21), new float[21]));
    }

    [Fact]
    public void SpecialValuesFollowScalarSemantics()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 0f, 1f, -1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f];
        var vector = new float[x.Length];
        var scalar = new float[x.Length];
        Elementwise.Map(new HeavisideOperator(), x, vector);
        Elementwise.MapReference(new HeavisideOperator(), x, scalar);
        Assert.Equal(scalar, vector);
        Assert.Equal(0f, vector[3]);
        Elementwise.Map(new ExpOperator(), x, vector);
        Assert.True(float.IsNaN(vector[0]));
        Assert.Equal(float.PositiveInfinity, vector[1]);
        Assert.Equal(0f, vector[2]);
    }

    private static void CheckUnary<TOperator>(TOperator op, int length, float low, float high)
        where TOperator : struct, IUnaryOperator
    {
        float[] x = Values(length + 1, length, low, high);
        // Sentinels after the destination catch writes past its end.
        var vector = new float[length + 4];
        vector.AsSpan(length).Fill(-7f);
        var scalar = new float[length];
        Elementwise.Map(op, x, vector.AsSpan(0, length));
        Elementwise.MapReference(op, x, scalar);
        for (int i = 0; i < length; i++)
        {
            AssertClose(scalar[i], vector[i], $"{typeof(TOperator).Name} at {i} of {length}");
        }
        Assert.All(vector[length..], v => Assert.Equal(-7f, v));
    }

    private static void CheckBinary<TOperator>(TOperator op, int length)
        where TOperator : struct, IBinaryOperator
    {
        float[] x = Values(length + 2, length, -2f, 2f);
        float[] y = Values(length + 3, length, 0.5f, 2f);
        var vector = new float[length];
        var scalar = new float[length];
        Elementwise.Map(op, x, y, vector);
        Elementwise.MapReference(op, x, y, scalar);
        for (int i = 0; i < length; i++)
        {
            AssertClose(scalar[i], vector[i], $"{typeof(TOperator).Name} at {i} of {length}");
        }
    }

    private static void AssertClose(float expected, float actual, string where)
    {
        // The runtime's tolerance for vectorised transcendentals: relative, with a floor.
        float tolerance = 4.77e-7f * 4 * Math.Max(1f, Math.Max(MathF.Abs(expected), MathF.Abs(actual)));
        Assert.True(MathF.Abs(expected - actual) <= tolerance, $"{where}: expected {expected}, got {actual}");
    }

    private static float[] Values(int seed, int length, float low, float high)
    {
        var values = new float[length];
        new Dendrite.Tensors.Rng((ulong)seed).FillUniform(values, low, high);
        return values;
    }
}
