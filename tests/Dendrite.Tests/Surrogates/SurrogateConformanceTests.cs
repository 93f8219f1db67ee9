using Dendrite.Surrogates;
using Dendrite.Tests.Neurons;

namespace Dendrite.Tests.Surrogates;

public sealed class SurrogateConformanceTests
{
    public static TheoryData<string> Ids() => new(ConformanceVectors.IdsInGroup("T11"));

    private static ISurrogate For(string id) => id switch
    {
        "T11a" => new Arctan(2.0),
        "T11b" => new FastSigmoid(25.0),
        "T11c" => new SigmoidSurrogate(25.0),
        "T11d" => FastSigmoid.Norse(),
        "T11e" => new Triangle(0.3),
        "T11f" => new SigmoidSurrogate(4.0),
        "T11g" => FastSigmoid.SpikingJelly(1.0),
        "T11h" => new Triangle(),
        "T11i" => new MultiGaussian(),
        "T11j" => new DoubleGaussian(),
        "T11k" => new Gaussian(),
        "T11l" => new Triangle(1.0, 1.0),
        "T11m" => new Exponential(),
        "T11n" => new Exponential(0.5, 5.0),
        "T11o" => Exponential.Slayer(1.0, 1.0),
        "T11p" => Triangle.Egru(),
        "T11q" => new Triangle(3.6, 3.6),
        "T11r" => new StraightThrough(),
        "T11s" => new UnnormalisedDoubleGaussian(),
        _ => throw new InvalidOperationException($"No surrogate mapped for {id}."),
    };

    [Theory]
    [MemberData(nameof(Ids))]
    public void DerivativeMatchesVector(string id)
    {
        var vector = ConformanceVectors.Get(id);
        ISurrogate surrogate = For(id);
        double[] x = vector.Doubles("input.x");
        double[] expected = vector.Doubles("expected.dspike_dx");
        ConformanceVectors.AssertClose(expected, x.Select(surrogate.Derivative).ToArray(), id);
    }

    [Fact]
    public void AllNineteenVectorsAreMapped() => Assert.Equal(19, ConformanceVectors.IdsInGroup("T11").Count());

    [Theory]
    [MemberData(nameof(SmoothShapes))]
    public void SmoothFunctionDerivativeIsTheSurrogate(int index)
    {
        ISurrogate surrogate = s_smooth[index];
        foreach (double x in new[] { -1.3, -0.41, -0.05, 0.07, 0.33, 0.9, 2.5 })
        {
            double h = 1e-6;
            double numeric = (surrogate.Function(x + h) - surrogate.Function(x - h)) / (2 * h);
            Assert.True(Math.Abs(numeric - surrogate.Derivative(x)) < 1e-6, $"{surrogate} at {x}: {numeric} vs {surrogate.Derivative(x)}");
        }
    }

    private static readonly ISurrogate[] s_smooth =
    [
        new Arctan(), new FastSigmoid(), new FastSigmoid(3, 2), new SigmoidSurrogate(4), new Triangle(0.7, 1.5),
        new Exponential(0.5, 5), new StraightThrough(), new DelegateSurrogate(x => 2 * x, x => x * x),
    ];

    public static TheoryData<int> SmoothShapes() => new(Enumerable.Range(0, s_smooth.Length));

    [Fact]
    public void GaussianFamilyHasNoSmoothFunction() =>
        Assert.Throws<NotSupportedException>(() => new MultiGaussian().Function(0.1));
}
