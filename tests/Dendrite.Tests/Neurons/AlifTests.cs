using Dendrite.Neurons;
using Dendrite.Surrogates;

namespace Dendrite.Tests.Neurons;

public sealed class AlifTests
{
    private static double Tau(double decay) => -1.0 / Math.Log(decay);

    [Fact]
    public void T7aYin2021BrfForm()
    {
        var vector = ConformanceVectors.Get("T7a");
        var model = new AlifModel(AlifParameters.Yin2021());
        double[] p = [Tau(vector.Number("parameters.alpha")), Tau(vector.Number("parameters.rho")), vector.Number("parameters.theta0"), vector.Number("parameters.beta")];
        (double[] z, double[][] states) = ModelRunner.Run(model, p, vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.a"), ModelRunner.Column(states, 1), "T7a a");
        ConformanceVectors.AssertClose(vector.Doubles("expected.theta"), ModelRunner.Column(states, 1).Select(a => p[2] + p[3] * a).ToArray(), "T7a theta");
        ConformanceVectors.AssertClose(vector.Doubles("expected.u"), ModelRunner.Column(states, 0), "T7a u");
        ConformanceVectors.AssertClose(vector.Doubles("expected.z"), z, "T7a z");
    }

    [Fact]
    public void T7bYin2021Original()
    {
        var vector = ConformanceVectors.Get("T7b");
        var model = new AlifModel(AlifParameters.Yin2021(original: true));
        double[] p = [Tau(vector.Number("parameters.alpha")), Tau(vector.Number("parameters.rho")), vector.Number("parameters.b_j0"), vector.Number("parameters.beta")];
        (double[] z, double[][] states) = ModelRunner.Run(model, p, vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.b"), ModelRunner.Column(states, 1), "T7b b");
        ConformanceVectors.AssertClose(vector.Doubles("expected.B"), ModelRunner.Column(states, 1).Select(b => p[2] + p[3] * b).ToArray(), "T7b B");
        ConformanceVectors.AssertClose(vector.Doubles("expected.mem"), ModelRunner.Column(states, 0), "T7b mem");
        ConformanceVectors.AssertClose(vector.Doubles("expected.spike"), z, "T7b spike");
    }

    [Fact]
    public void YinVariantsDifferAsTheReferenceSays()
    {
        double[] p = [Tau(0.9), Tau(0.5), 0.01, 1.8];
        double[] x = [1, 1];
        (_, double[][] brfForm) = ModelRunner.Run(new AlifModel(AlifParameters.Yin2021()), p, x);
        (_, double[][] original) = ModelRunner.Run(new AlifModel(AlifParameters.Yin2021(original: true)), p, x);
        Assert.Equal(0.09, brfForm[0][0], 12);
        Assert.Equal(-0.72, original[1][0], 12);
    }

    [Fact]
    public void T8aEProp()
    {
        var vector = ConformanceVectors.Get("T8a");
        var model = new AlifModel(AlifParameters.EProp());
        double[] p = [Tau(vector.Number("parameters.alpha")), Tau(vector.Number("parameters.rho")), vector.Number("parameters.thr"), vector.Number("parameters.beta")];
        (double[] z, double[][] states) = ModelRunner.Run(model, p, vector.Doubles("input.I"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.b"), ModelRunner.Column(states, 1), "T8a b");
        ConformanceVectors.AssertClose(vector.Doubles("expected.A"), ModelRunner.Column(states, 1).Select(b => p[2] + p[3] * b).ToArray(), "T8a A");
        ConformanceVectors.AssertClose(vector.Doubles("expected.v"), ModelRunner.Column(states, 0), "T8a v");
        ConformanceVectors.AssertClose(vector.Doubles("expected.z"), z, "T8a z");
    }

    [Fact]
    public void T8bLsnn2018()
    {
        var vector = ConformanceVectors.Get("T8b");
        var model = new AlifModel(AlifParameters.Lsnn());
        double[] p = [Tau(vector.Number("parameters.alpha")), Tau(vector.Number("parameters.rho")), vector.Number("parameters.thr0"), vector.Number("parameters.beta")];
        (double[] z, double[][] states) = ModelRunner.Run(model, p, vector.Doubles("input.I"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.b"), ModelRunner.Column(states, 1), "T8b b");
        ConformanceVectors.AssertClose(vector.Doubles("expected.thr"), ModelRunner.Column(states, 1).Select(b => p[2] + p[3] * b).ToArray(), "T8b thr");
        ConformanceVectors.AssertClose(vector.Doubles("expected.v_new"), ModelRunner.Column(states, 0), "T8b v_new");
        ConformanceVectors.AssertClose(vector.Doubles("expected.z_out"), z, "T8b z_out");
    }

    [Theory]
    [InlineData(AlifVariant.Yin2021)]
    [InlineData(AlifVariant.Yin2021Original)]
    [InlineData(AlifVariant.Bellec2020EProp)]
    [InlineData(AlifVariant.Lsnn2018)]
    public void FusedBackwardMatchesFiniteDifferencesInDoubleSmoothMode(AlifVariant variant)
    {
        var config = new AlifParameters { Variant = variant, DetachReset = false, Surrogate = new Arctan(1.0) };
        var model = new AlifModel(config, SpikeFunctionMode.Smooth);
        // τ_m, τ_adp, θ0, β for 2 neurons; θ0 kept away from 0 for the scaled variants.
        double[] p = [5.0, 8.0, 3.0, 4.0, 0.6, 0.8, 0.5, 0.9];
        SequenceGradientCheck.Check(model, p, 6, 2, 2, recurrent: true, seed: 21, currentScale: 1.5);
    }
}
