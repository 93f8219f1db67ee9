using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

public sealed class ResonateTests
{
    [Fact]
    public void T9aBalancedResonateAndFire()
    {
        var vector = ConformanceVectors.Get("T9a");
        double dt = vector.Number("parameters.dt");
        var model = new ResonateModel(new ResonateParameters { Dt = dt, RefractoryDecay = vector.Number("parameters.gamma") });
        double omega = vector.Number("parameters.omega");
        double bOffset = vector.Number("parameters.b_offset");
        double pOmega = ResonateModel.DivergenceBoundary(omega, dt);
        ConformanceVectors.AssertClose([vector.Number("expected.p_omega")], [pOmega], "p(omega)");
        double modulus = Math.Sqrt(Math.Pow(1 + dt * pOmega, 2) + Math.Pow(dt * omega, 2));
        ConformanceVectors.AssertClose([vector.Number("expected.abs_1_plus_dt_p_plus_i_omega")], [modulus], "|1 + dt(p + i omega)|");
        (double[] z, double[][] states) = ModelRunner.Run(model, [omega, bOffset, vector.Number("parameters.theta")], vector.Doubles("input.x"));
        double[] q = ModelRunner.Column(states, 2);
        double[] bt = q.Select((_, t) => pOmega - bOffset - (t == 0 ? 0.0 : q[t - 1])).ToArray();
        ConformanceVectors.AssertClose(vector.Doubles("expected.b_t"), bt, "T9a b_t");
        ConformanceVectors.AssertClose(vector.Doubles("expected.u"), ModelRunner.Column(states, 0), "T9a u");
        ConformanceVectors.AssertClose(vector.Doubles("expected.v"), ModelRunner.Column(states, 1), "T9a v");
        ConformanceVectors.AssertClose(vector.Doubles("expected.z"), z, "T9a z");
        ConformanceVectors.AssertClose(vector.Doubles("expected.q"), q, "T9a q");
    }

    [Fact]
    public void T9bVanillaResonateAndFire()
    {
        var vector = ConformanceVectors.Get("T9b");
        var model = new ResonateModel(ResonateParameters.Rf() with { Dt = vector.Number("parameters.dt") });
        (double[] z, double[][] states) = ModelRunner.Run(model,
            [vector.Number("parameters.omega"), vector.Number("parameters.b"), vector.Number("parameters.theta")], vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.u"), ModelRunner.Column(states, 0), "T9b u");
        ConformanceVectors.AssertClose(vector.Doubles("expected.v"), ModelRunner.Column(states, 1), "T9b v");
        ConformanceVectors.AssertClose(vector.Doubles("expected.z"), z, "T9b z");
    }

    [Fact]
    public void T9cDivergenceBoundaryAndNaNGuard()
    {
        var vector = ConformanceVectors.Get("T9c");
        double dt = vector.Number("parameters.dt");
        double[] p = vector.Doubles("input.omega").Select(w => ResonateModel.DivergenceBoundary(w, dt)).ToArray();
        ConformanceVectors.AssertClose(vector.Doubles("expected.p"), p, "T9c p");
        foreach (double omega in vector.Doubles("expected_nan_inputs.omega"))
        {
            Assert.Equal(-1.0 / dt, ResonateModel.DivergenceBoundary(omega, dt));
        }
    }

    [Fact]
    public void BrfNeverYieldsNaNForAnyOmega()
    {
        var layer = new ResonateLayer(3, 6, new Rng(1));
        float[] omegas = [-1e6f, -150f, 99.99f, 100f, 100.5f, 1e7f];
        omegas.CopyTo(layer.Omega.Span);
        Tensor x = TestData.Uniform(2, -50, 50, 40, 2, 3);
        using var tape = new Tape();
        Tensor y = layer.Forward(x);
        tape.Backward(Ops.Sum(y));
        Assert.All(y.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.All(layer.Omega.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
        Assert.All(layer.Weight.Grad!.ToArray(), v => Assert.True(float.IsFinite(v)));
        foreach (double omega in new[] { 99.999999, 100.0, 100.0000001, 1e300, double.MaxValue, -1e300 })
        {
            double boundary = ResonateModel.DivergenceBoundary(omega, 0.01, out double derivative);
            Assert.True(double.IsFinite(boundary) && double.IsFinite(derivative), $"omega {omega}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FusedBackwardMatchesFiniteDifferencesInDoubleSmoothMode(bool balanced)
    {
        var config = new ResonateParameters { Balanced = balanced, Dt = 0.05, Surrogate = new Arctan(1.0) };
        var model = new ResonateModel(config, SpikeFunctionMode.Smooth);
        double[] p = [8.0, -12.0, 1.0, 2.0, 0.8, 1.0];
        SequenceGradientCheck.Check(model, p, 8, 2, 2, recurrent: true, seed: 31, currentScale: 20, recurrentScale: 5);
    }
}
