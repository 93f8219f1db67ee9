using Dendrite.Neurons;
using Dendrite.Surrogates;

namespace Dendrite.Tests.Neurons;

public sealed class LiCubaPlifTests
{
    [Fact]
    public void T5LeakyIntegrator()
    {
        var vector = ConformanceVectors.Get("T5");
        var model = new LiModel(new LiParameters { Tau = vector.Number("parameters.tau"), Dt = vector.Number("parameters.dt") });
        (double[] outputs, _) = ModelRunner.Run(model, [vector.Number("parameters.tau")], vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.u"), outputs, "T5 u");
    }

    [Fact]
    public void T3SnnTorchSynaptic()
    {
        var vector = ConformanceVectors.Get("T3");
        var model = new CubaLifModel(new CubaLifParameters());
        (double[] spikes, double[][] states) = ModelRunner.Run(model,
            [vector.Number("parameters.alpha"), vector.Number("parameters.beta"), vector.Number("parameters.threshold")], vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.syn"), ModelRunner.Column(states, 0), "T3 syn");
        ConformanceVectors.AssertClose(vector.Doubles("expected.mem"), ModelRunner.Column(states, 1), "T3 mem");
        ConformanceVectors.AssertClose(vector.Doubles("expected.spk"), spikes, "T3 spk");
    }

    [Fact]
    public void T4NorseFeedForward()
    {
        var vector = ConformanceVectors.Get("T4");
        CubaLifParameters config = CubaLifParameters.Norse() with { Dt = vector.Number("parameters.dt") };
        var model = new CubaLifModel(config);
        double[] p = [vector.Number("parameters.tau_mem_inv"), vector.Number("parameters.tau_syn_inv"), vector.Number("parameters.v_th")];
        (double[] spikes, double[][] states) = ModelRunner.Run(model, p, vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.i"), ModelRunner.Column(states, 0), "T4 i");
        ConformanceVectors.AssertClose(vector.Doubles("expected.v"), ModelRunner.Column(states, 1), "T4 v");
        ConformanceVectors.AssertClose(vector.Doubles("expected.z"), spikes, "T4 z");
        // v_decayed is the membrane before the reset: equal to v where no spike, above θ where one.
        double[] decayed = vector.Doubles("expected.v_decayed");
        for (int t = 0; t < spikes.Length; t++)
        {
            Assert.Equal(decayed[t] > 1.0 ? 1.0 : 0.0, spikes[t]);
        }
    }

    [Fact]
    public void T6Plif()
    {
        var vector = ConformanceVectors.Get("T6");
        var config = new PlifParameters { InitTau = vector.Number("parameters.init_tau") };
        Assert.Equal(0.0, config.InitialW, 12);
        var model = new PlifModel(config);
        (double[] spikes, double[][] states) = ModelRunner.Run(model, [config.InitialW, 1.0], vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.spk"), spikes, "T6 spk");
        ConformanceVectors.AssertClose(vector.Doubles("expected.v_after"), ModelRunner.Column(states, 0), "T6 v");
        double[] initTau = vector.Doubles("expected.inv_tau_for_init_tau.init_tau");
        double[] invTau = initTau.Select(tau => PlifModel.InverseTau(new PlifParameters { InitTau = tau }.InitialW)).ToArray();
        ConformanceVectors.AssertClose(vector.Doubles("expected.inv_tau_for_init_tau.inv_tau"), invTau, "T6 1/tau");
    }

    [Theory]
    [InlineData(LiForm.Decay)]
    [InlineData(LiForm.Leaky)]
    public void LiGradients(LiForm form)
    {
        var model = new LiModel(new LiParameters { Form = form });
        double[] p = form == LiForm.Decay ? [5.0, 12.0, 3.0] : [0.8, 0.6, 0.95];
        SequenceGradientCheck.Check(model, p, 6, 2, 3, recurrent: true, seed: 3);
    }

    [Theory]
    [InlineData(ResetMode.Subtract, ResetTiming.NextStep)]
    [InlineData(ResetMode.Zero, ResetTiming.NextStep)]
    [InlineData(ResetMode.ToValue, ResetTiming.NextStep)]
    [InlineData(ResetMode.None, ResetTiming.NextStep)]
    [InlineData(ResetMode.Subtract, ResetTiming.SameStep)]
    [InlineData(ResetMode.Zero, ResetTiming.SameStep)]
    public void CubaSynapticGradients(ResetMode reset, ResetTiming timing)
    {
        var config = new CubaLifParameters { Reset = reset, Timing = timing, DetachReset = false, ResetValue = 0.1, Surrogate = new Arctan() };
        var model = new CubaLifModel(config, SpikeFunctionMode.Smooth);
        SequenceGradientCheck.Check(model, [0.7, 0.8, 0.85, 0.9, 1.0, 1.1], 6, 2, 2, recurrent: true, seed: 5);
    }

    [Fact]
    public void CubaNorseGradients()
    {
        var config = CubaLifParameters.Norse() with { Surrogate = new FastSigmoid(3), Dt = 0.01 };
        var model = new CubaLifModel(config, SpikeFunctionMode.Smooth);
        SequenceGradientCheck.Check(model, [10.0, 12.0, 20.0, 25.0, 0.6, 0.8], 6, 2, 2, recurrent: true, seed: 6, currentScale: 3);
    }

    [Theory]
    [InlineData(true, 0.0)]
    [InlineData(false, 0.0)]
    [InlineData(true, null)]
    public void PlifGradients(bool decayInput, double? resetValue)
    {
        var config = new PlifParameters { DecayInput = decayInput, ResetValue = resetValue, Surrogate = new SigmoidSurrogate(4) };
        var model = new PlifModel(config, SpikeFunctionMode.Smooth);
        SequenceGradientCheck.Check(model, [0.3, 0.3, 0.9, 1.1], 6, 2, 2, recurrent: true, seed: 8, currentScale: 2);
    }
}
