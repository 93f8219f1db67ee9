using Dendrite.Learning.Stdp;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning;

/// <summary>Trace-based STDP against the hand-derived values of learning.md §11.6.</summary>
public class StdpTests
{
    private static readonly StdpOptions s_norse = new() { Convention = StdpConvention.Norse, TauPre = 50f, TauPost = 50f };

    // SpikingJelly convention with f_pre = f_post = A = 0.01 and τ = 20.
    private static readonly StdpOptions s_spikingJelly = new()
    {
        Convention = StdpConvention.SpikingJelly,
        TauPre = 20f,
        TauPost = 20f,
        EtaPlus = 0.01f,
        EtaMinus = 0.01f,
    };

    /// <summary>One synapse at w = 0.5 over steps 0..24; returns the summed Δw and the final weight.</summary>
    private static (double Delta, float Weight) Run(StdpOptions options, int preStep, int postStep)
    {
        var weight = Tensor.Full(0.5f, 1, 1);
        var learner = new StdpLearner(weight, options);
        double total = 0;
        for (int t = 0; t < 25; t++)
        {
            learner.Step(Tensor.Full(t == preStep ? 1f : 0f, 1, 1), Tensor.Full(t == postStep ? 1f : 0f, 1, 1));
            total += learner.LastDelta[0, 0];
        }
        return (total, weight[0, 0]);
    }

    [Fact]
    public void NorsePreThenPostGivesTheSection116Value()
    {
        (double delta, float weight) = Run(s_norse, preStep: 10, postStep: 15);
        double expected = 1e-3 * 0.02 * Math.Pow(0.98, 5); // 1.8078e-5
        Assert.Equal(1.8078e-5, expected, 9);
        Assert.Equal(expected, delta, 10);
        Assert.Equal(0.5 + expected, weight, 6);
    }

    [Fact]
    public void SpikingJellyPreThenPostGivesTheSection116Value()
    {
        (double delta, float weight) = Run(s_spikingJelly, preStep: 10, postStep: 15);
        double expected = 0.01 * Math.Pow(0.95, 5); // 0.77378·A
        Assert.Equal(0.77378 * 0.01, expected, 7);
        Assert.Equal(expected, delta, 8);
        Assert.Equal(0.5 + expected, weight, 6);
    }

    [Fact]
    public void ReversedOrderGivesTheNegativeMirror()
    {
        foreach (StdpOptions options in new[] { s_norse, s_spikingJelly })
        {
            (double ltp, _) = Run(options, preStep: 10, postStep: 15);
            (double ltd, float weight) = Run(options, preStep: 15, postStep: 10);
            Assert.Equal(-ltp, ltd, 10);
            Assert.True(weight < 0.5f);
        }
    }

    [Fact]
    public void SimultaneousSpikesWithSymmetricParametersCancel()
    {
        foreach (StdpOptions options in new[] { s_norse, s_spikingJelly })
        {
            (double delta, float weight) = Run(options, preStep: 10, postStep: 10);
            Assert.Equal(0.0, delta);
            Assert.Equal(0.5f, weight);
        }
    }

    [Fact]
    public void SpikingJellyWeightFunctionsScaleTheUpdate()
    {
        // SpikingJelly's default f_post(w) = w: Δw = w·0.95⁵ at w = 0.5.
        StdpOptions options = s_spikingJelly with { Potentiation = w => w, Depression = w => w };
        (double delta, _) = Run(options, preStep: 10, postStep: 15);
        Assert.Equal(0.5 * Math.Pow(0.95, 5), delta, 7);
    }

    [Fact]
    public void UpdatesOnlyTheSynapseFromTheSpikingInputToTheSpikingOutput()
    {
        var weight = Tensor.Full(0.5f, 2, 3);
        var learner = new StdpLearner(weight, s_spikingJelly);
        learner.Step(Tensor.FromArray([0f, 1f, 0f], 1, 3), Tensor.FromArray([0f, 0f], 1, 2));
        learner.Step(Tensor.FromArray([0f, 0f, 0f], 1, 3), Tensor.FromArray([1f, 0f], 1, 2));
        float[] w = weight.ToArray();
        Assert.Equal(0.5f + 0.01f * 0.95f, w[1], 6);
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.5f, 0.5f], w.Where((_, j) => j != 1).ToArray());
    }

    [Fact]
    public void BatchContributionsAreSummed()
    {
        var weight = Tensor.Full(0.5f, 1, 1);
        var learner = new StdpLearner(weight, s_spikingJelly);
        learner.Step(Tensor.FromArray([1f, 1f], 2, 1), Tensor.FromArray([0f, 0f], 2, 1));
        learner.Step(Tensor.FromArray([0f, 0f], 2, 1), Tensor.FromArray([1f, 1f], 2, 1));
        Assert.Equal(2 * 0.01f * 0.95f, learner.LastDelta[0, 0], 6);
    }

    [Theory]
    [InlineData(StdpWeightDependence.Additive)]
    [InlineData(StdpWeightDependence.AdditiveStep)]
    [InlineData(StdpWeightDependence.Multiplicative)]
    public void WeightsStayWithinHardBounds(StdpWeightDependence dependence)
    {
        foreach (StdpConvention convention in new[] { StdpConvention.Norse, StdpConvention.SpikingJelly })
        {
            var options = new StdpOptions
            {
                Convention = convention,
                WeightDependence = dependence,
                TauPre = 5f,
                TauPost = 5f,
                EtaPlus = 0.5f,
                EtaMinus = 0.3f,
                WMin = -0.2f,
                WMax = 0.7f,
            };
            var rng = new Rng(7);
            var weight = new Tensor(8, 6);
            rng.FillUniform(weight.Span, -0.2f, 0.7f);
            var learner = new StdpLearner(weight, options);
            var pre = new Tensor(4, 6);
            var post = new Tensor(4, 8);
            float[] pPre = Enumerable.Repeat(0.4f, pre.Length).ToArray();
            float[] pPost = Enumerable.Repeat(0.4f, post.Length).ToArray();
            bool hitUpper = false;
            bool hitLower = false;
            for (int t = 0; t < 200; t++)
            {
                rng.FillBernoulli(pre.Span, pPre);
                rng.FillBernoulli(post.Span, pPost);
                learner.Step(pre, post);
                foreach (float w in weight.Span)
                {
                    Assert.InRange(w, -0.2f, 0.7f);
                    hitUpper |= w == 0.7f;
                    hitLower |= w == -0.2f;
                }
            }
            if (dependence != StdpWeightDependence.Multiplicative)
            {
                // Additive rules with these rates do reach the bounds, so the clamp was exercised.
                Assert.True(hitUpper || hitLower);
            }
        }
    }

    [Fact]
    public void MultiplicativeRuleStopsPotentiationAtWMax()
    {
        StdpOptions options = s_norse with { WeightDependence = StdpWeightDependence.Multiplicative };
        var weight = Tensor.Full(1f, 1, 1);
        var learner = new StdpLearner(weight, options);
        learner.Step(Tensor.Full(1f, 1, 1), Tensor.Full(0f, 1, 1));
        learner.Step(Tensor.Full(0f, 1, 1), Tensor.Full(1f, 1, 1));
        Assert.Equal(0f, learner.LastDelta[0, 0]);
        Assert.Equal(1f, weight[0, 0]);
    }

    [Fact]
    public void ResetClearsTracesAndShapesAreChecked()
    {
        var weight = Tensor.Full(0.5f, 2, 3);
        var learner = new StdpLearner(weight);
        learner.Step(Tensor.Ones(1, 3), Tensor.Zeros(1, 2));
        Assert.NotNull(learner.PreTrace);
        learner.Reset();
        Assert.Null(learner.PreTrace);
        Assert.Throws<ArgumentException>("preSpikes", () => learner.Step(Tensor.Ones(1, 2), Tensor.Zeros(1, 2)));
        Assert.Throws<ArgumentException>("postSpikes", () => learner.Step(Tensor.Ones(1, 3), Tensor.Zeros(2, 2)));
        Assert.Throws<ArgumentException>("weight", () => new StdpLearner(Tensor.Zeros(3)));
        Assert.Throws<ArgumentException>("WMin", () => new StdpLearner(weight, new StdpOptions { WMin = 1f, WMax = 0f }));
    }
}
