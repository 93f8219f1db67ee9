using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

public sealed class LifTests
{
    [Theory]
    [InlineData("T0a", SpikeComparison.GreaterThan)]
    [InlineData("T0b", SpikeComparison.GreaterOrEqual)]
    public void T0ThresholdComparison(string id, SpikeComparison comparison)
    {
        var vector = ConformanceVectors.Get(id);
        var model = new LifModel(new LifParameters { Comparison = comparison, Timing = ResetTiming.NextStep });
        (double[] spikes, double[][] states) = ModelRunner.Run(model, [vector.Number("parameters.beta"), vector.Number("parameters.threshold")], vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.mem_before_reset"), ModelRunner.Column(states, 0), id + " mem");
        ConformanceVectors.AssertClose(vector.Doubles("expected.spk"), spikes, id + " spk");
    }

    [Theory]
    [InlineData("T1a", ResetMode.Subtract, ResetTiming.NextStep)]
    [InlineData("T1b", ResetMode.Subtract, ResetTiming.SameStep)]
    [InlineData("T1c", ResetMode.Zero, ResetTiming.NextStep)]
    [InlineData("T1d", ResetMode.Zero, ResetTiming.SameStep)]
    public void T1SnnTorchLeaky(string id, ResetMode reset, ResetTiming timing)
    {
        var vector = ConformanceVectors.Get(id);
        var model = new LifModel(new LifParameters { Reset = reset, Timing = timing });
        (double[] spikes, double[][] states) = ModelRunner.Run(model, [vector.Number("parameters.beta"), vector.Number("parameters.threshold")], vector.Doubles("input.x"));
        ConformanceVectors.AssertClose(vector.Doubles("expected.mem"), ModelRunner.Column(states, 0), id + " mem");
        ConformanceVectors.AssertClose(vector.Doubles("expected.spk"), spikes, id + " spk");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void T2DetachResetGradient(bool detach)
    {
        var vector = ConformanceVectors.Get("T2");
        var model = new LifModel(new LifParameters { DetachReset = detach, Surrogate = new Arctan(vector.Number("parameters.alpha")) });
        double[] p = [vector.Number("parameters.beta"), vector.Number("parameters.threshold")];
        double[] x = vector.Doubles("input.x");
        (_, double[][] states) = ModelRunner.Run(model, p, x);
        double mem3 = states[2][0];
        ConformanceVectors.AssertClose([vector.Number("expected.mem3")], [mem3], "mem3");
        var gS = new double[1];
        model.Backward(p, [x[3]], [0.0], [mem3], 0.0, [1.0], gS, new double[1], new double[1], new double[2]);
        string key = detach ? "expected.dmem4_dmem3_detached" : "expected.dmem4_dmem3_not_detached";
        ConformanceVectors.AssertClose([vector.Number(key)], [gS[0]], key);
    }

    public static TheoryData<ResetMode, ResetTiming, bool, bool> Conventions()
    {
        var data = new TheoryData<ResetMode, ResetTiming, bool, bool>();
        foreach (ResetMode reset in Enum.GetValues<ResetMode>())
        {
            foreach (ResetTiming timing in Enum.GetValues<ResetTiming>())
            {
                // Detached resets are deliberately not the true derivative (T2 pins them); finite differences check the rest.
                data.Add(reset, timing, false, true);
                data.Add(reset, timing, false, false);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Conventions))]
    public void FusedBackwardMatchesFiniteDifferencesInDoubleSmoothMode(ResetMode reset, ResetTiming timing, bool detach, bool recurrent)
    {
        var parameters = new LifParameters { Reset = reset, Timing = timing, DetachReset = detach, ResetValue = 0.2, Surrogate = new SigmoidSurrogate(4) };
        var model = new LifModel(parameters, SpikeFunctionMode.Smooth);
        int neurons = 3;
        double[] p = [0.8, 0.75, 0.9, 1.0, 0.7, 1.2];
        SequenceGradientCheck.Check(model, p, steps: 7, batch: 2, neurons, recurrent, seed: 11, currentScale: 1.2);
    }

    [Fact]
    public void BetaIsClampedToUnitInterval()
    {
        var model = new LifModel(new LifParameters { Timing = ResetTiming.SameStep });
        var next = new double[1];
        model.Step([1.7, 10.0], [0.0], [0.0], [2.0], next);
        Assert.Equal(2.0, next[0]);
        model.Step([-0.5, 10.0], [0.5], [0.0], [2.0], next);
        Assert.Equal(0.5, next[0]);
    }

    [Fact]
    public void IntegrateAndFireHasNoLeak()
    {
        var model = new LifModel(LifParameters.IntegrateAndFire() with { Timing = ResetTiming.SameStep });
        (double[] spikes, double[][] states) = ModelRunner.Run(model, [1.0, 1.0], [0.4, 0.4, 0.4, 0.4]);
        Assert.Equal([0, 0, 1, 0], spikes);
        Assert.Equal(0.6, states[3][0], 12);
    }
}
