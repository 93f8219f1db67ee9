using Dendrite.Learning.EProp;
using Dendrite.Training.Config;

namespace Dendrite.Tests.Training;

public sealed class EPropConfigTests
{
    // Line numbers below count from 1 at "model:".
    internal const string Config = """
        model:
          input: 20
          readout: mean_membrane
          layers:
            - type: lif
              size: 16
            - type: li
              size: 5
        data:
          dataset: randman
          steps: 20
        training:
          method: eprop
        """;

    private static TrainConfig Parse(string text, params string[] overrides) =>
        ConfigLoader.Parse(text, "test.yaml", Path.GetTempPath(), overrides);

    private static string Error(string text, params string[] overrides) =>
        Assert.Single(Assert.Throws<ConfigException>(() => Parse(text, overrides)).Errors);

    [Fact]
    public void EPropGetsSymmetricSequenceByDefault()
    {
        TrainConfig config = Parse(Config);
        Assert.Equal(TrainingMethod.Eprop, config.Training.Method);
        Assert.Equal(new EPropConfig { Feedback = EPropFeedback.Symmetric, Update = EPropUpdate.Sequence }, config.Training.EProp);
        Assert.Null(Parse(Config, "training.method=bptt").Training.EProp);
    }

    [Fact]
    public void FeedbackAndUpdateAreRead()
    {
        TrainConfig config = Parse(Config + "\n  eprop: {feedback: random, update: step}");
        Assert.Equal(new EPropConfig { Feedback = EPropFeedback.Random, Update = EPropUpdate.Step }, config.Training.EProp);
    }

    [Fact]
    public void BadFeedbackNamesTheLine()
    {
        string error = Error(Config + "\n  eprop:\n    feedback: mirror");
        Assert.StartsWith("test.yaml:15: training.eprop.feedback:", error, StringComparison.Ordinal);
        Assert.Contains("symmetric", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RegularisersBindUnderEProp()
    {
        const string Regularisers = "\nregularisers:\n  rate_target: {rate: 0.02, strength: 1}";
        Assert.Equal(0.02, Parse(Config + Regularisers).Regularisers.RateTarget?.Rate);
    }

    [Fact]
    public void EPropSectionUnderBpttIsAnError() =>
        Assert.StartsWith("test.yaml:14: training.eprop: the eprop section applies to method: eprop",
            Error(Config.Replace("method: eprop", "method: bptt", StringComparison.Ordinal) + "\n  eprop: {feedback: random}"), StringComparison.Ordinal);

    [Fact]
    public void MaxMembraneReadoutIsRejectedAtItsLine() =>
        Assert.StartsWith("test.yaml:3: model.readout: e-prop needs a per-step learning signal",
            Error(Config.Replace("mean_membrane", "max_membrane", StringComparison.Ordinal)), StringComparison.Ordinal);

    [Fact]
    public void OtherNeuronKindsAreRejectedAtTheLayerLine() =>
        Assert.StartsWith("test.yaml:5: model.layers[0]: e-prop trains one lif or alif layer",
            Error(Config.Replace("type: lif", "type: cubalif", StringComparison.Ordinal)), StringComparison.Ordinal);

    [Fact]
    public void LearnedNeuronParametersAreRejected() =>
        Assert.Contains("model.layers[0]: e-prop trains weights and biases only", Error(Config, "model.layers.0.learn_threshold=true"), StringComparison.Ordinal);

    [Fact]
    public void ASpikingReadoutIsRejected() =>
        Assert.Contains("e-prop trains one lif or alif layer followed by an li readout", Error(Config + "\n", "model.layers.1.type=lif"), StringComparison.Ordinal);
}
