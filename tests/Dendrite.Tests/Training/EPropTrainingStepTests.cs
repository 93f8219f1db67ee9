using Dendrite.Autodiff;
using Dendrite.Data;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;
using Dendrite.Training.Metrics;

namespace Dendrite.Tests.Training;

/// <summary>The trainer's e-prop step against BPTT through the library's own layers and autodiff.</summary>
public sealed class EPropTrainingStepTests
{
    private const int Steps = 20;
    private const int BatchSize = 4;

    [Theory]
    [InlineData("mean_membrane")]
    [InlineData("last_membrane")]
    public void FeedForwardEPropEqualsAutodiffBptt(string readout)
    {
        // No recurrence, detached reset (lif default), LI readout, symmetric feedback: e-prop is exact (learning.md §11.2),
        // here with the trainer's cross-entropy on the mean (after readout_skip) or last membrane and float autodiff.
        TrainConfig config = Config($"model.readout={readout}", "model.readout_skip=3");
        (SpikingNetwork network, Batch batch) = Setup(config);
        var step = new EPropTrainingStep(config, network);
        (float loss, _) = step.Train(batch, Activity(network), () => throw new InvalidOperationException("sequence mode updates once"));
        Dictionary<string, float[]> eprop = Gradients(network);
        network.ZeroGrad();
        float bpttLoss;
        using (var tape = new Tape())
        {
            Tensor scores = Readout.Scores(network.Run(batch.Inputs, null), config.Model.Readout, config.Model.ReadoutSkip);
            Tensor lossTensor = Losses.CrossEntropy(scores, batch.Labels);
            bpttLoss = lossTensor.ToScalar();
            tape.Backward(lossTensor);
        }
        Assert.Equal(bpttLoss, loss, 1e-5);
        foreach ((string name, float[] bptt) in Gradients(network))
        {
            float scale = bptt.Max(Math.Abs);
            Assert.True(scale > 0, $"{name}: zero BPTT gradient, the test would be vacuous");
            float error = bptt.Zip(eprop[name], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(error <= 1e-4f * scale, $"{name}: e-prop differs from BPTT by {error} (scale {scale})");
        }
    }

    [Theory]
    [InlineData("lif", "regularisers.rate_target.rate=0.2", "regularisers.rate_target.strength=3")]
    [InlineData("alif", "regularisers.lower_bound.threshold=6", "regularisers.lower_bound.per_neuron=true")]
    [InlineData("lif", "regularisers.upper_bound.threshold=1", "regularisers.spike_l2=0.01", "regularisers.weight_l2=0.1")]
    public void FeedForwardEPropWithRegularisersEqualsAutodiffBptt(string neuron, params string[] regularisers)
    {
        // Without recurrence e-prop's traces give the exact gradient of a spike-count penalty too, so the e-prop step
        // must match the tape's gradient of CE + penalty on the real spike train (as the trainer computes it for BPTT).
        TrainConfig config = Config([$"model.layers.0.type={neuron}", .. regularisers]);
        (SpikingNetwork network, Batch batch) = Setup(config);
        var step = new EPropTrainingStep(config, network);
        step.Train(batch, Activity(network), () => throw new InvalidOperationException("sequence mode updates once"));
        Dictionary<string, float[]> eprop = Gradients(network);
        network.ZeroGrad();
        float bpttPenalty;
        using (var tape = new Tape())
        {
            var spikes = new List<Tensor>();
            Tensor scores = Readout.Scores(network.Run(batch.Inputs, (_, s) => spikes.Add(s)), config.Model.Readout, config.Model.ReadoutSkip);
            Tensor penalty = new RegulariserLoss(config.Regularisers).Compute(spikes, network.NamedParameters())!;
            bpttPenalty = penalty.ToScalar();
            tape.Backward(Ops.Add(Losses.CrossEntropy(scores, batch.Labels), penalty));
        }
        Assert.True(bpttPenalty > 0, "zero penalty: the test would not see the regulariser");
        Assert.Equal(bpttPenalty, step.Penalty, 1e-4 * bpttPenalty);
        foreach ((string name, float[] bptt) in Gradients(network))
        {
            float scale = bptt.Max(Math.Abs);
            float error = bptt.Zip(eprop[name], (a, b) => Math.Abs(a - b)).Max();
            Assert.True(error <= 1e-4f * scale, $"{name}: e-prop differs from BPTT by {error} (scale {scale})");
        }
    }

    [Fact]
    public void StepModeUpdatesAfterEveryWindowStepButTheLast()
    {
        TrainConfig config = Config("training.eprop.update=step", "model.readout_skip=5");
        (SpikingNetwork network, Batch batch) = Setup(config);
        var step = new EPropTrainingStep(config, network);
        int updates = 0;
        step.Train(batch, Activity(network), () =>
        {
            updates++;
            network.ZeroGrad();
        });
        Assert.Equal(Steps - 5 - 1, updates);
    }

    [Fact]
    public void WithOnlyTheLastStepScoredStepAndSequenceModesAgree()
    {
        // One weighted step: the per-step loss is the sequence loss and no update happens mid-sequence.
        TrainConfig sequence = Config("model.readout=last_membrane");
        TrainConfig online = Config("model.readout=last_membrane", "training.eprop.update=step");
        (SpikingNetwork a, Batch batch) = Setup(sequence);
        (SpikingNetwork b, _) = Setup(online);
        float lossA = new EPropTrainingStep(sequence, a).Train(batch, Activity(a), () => { }).Loss;
        float lossB = new EPropTrainingStep(online, b).Train(batch, Activity(b), () => Assert.Fail("no update expected")).Loss;
        Assert.Equal(lossA, lossB, 1e-6);
        Dictionary<string, float[]> gradB = Gradients(b);
        foreach ((string name, float[] g) in Gradients(a))
        {
            Assert.Equal(g, gradB[name]);
        }
    }

    private static TrainConfig Config(params string[] overrides) =>
        ConfigLoader.Parse(EPropConfigTests.Config, "test.yaml", Path.GetTempPath(), overrides);

    private static (SpikingNetwork Network, Batch Batch) Setup(TrainConfig config)
    {
        SpikingNetwork network = NetworkBuilder.Build(config.Model, 20, new Rng(11));
        // Larger input weights than the default init so the hidden layer spikes within 20 steps.
        foreach ((_, Parameter p) in network.NamedParameters().Where(x => x.Name == "0.weight"))
        {
            new Rng(12).FillNormal(p.Value.Span, 0.2f, 0.8f);
        }
        var inputs = new Tensor(Steps, BatchSize, 20);
        new Rng(13).FillBernoulli(inputs.Span, Enumerable.Repeat(0.3f, inputs.Length).ToArray());
        return (network, new Batch(inputs, [0, 3, 1, 4]));
    }

    private static ActivityAccumulator Activity(SpikingNetwork network) => new([("0:lif", network.Info[0].Width, 5)]);

    private static Dictionary<string, float[]> Gradients(SpikingNetwork network) =>
        network.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.ToArray() ?? new float[p.Parameter.Value.Length]);
}
