using Dendrite.Training.Config;

namespace Dendrite.Tests.Training;

public sealed class ConfigLoaderTests
{
    private const string Minimal = """
        model:
          input: 784
          layers:
            - type: linear
              size: 100
            - type: lif
              beta: 0.95
        data:
          dataset: fashion-mnist
          steps: 25
        """;

    private static TrainConfig Parse(string text, params string[] overrides) =>
        ConfigLoader.Parse(text, "test.yaml", Path.GetTempPath(), overrides);

    private static IReadOnlyList<string> Errors(string text, params string[] overrides) =>
        Assert.Throws<ConfigException>(() => Parse(text, overrides)).Errors;

    [Fact]
    public void MinimalConfigFillsDocumentedDefaults()
    {
        TrainConfig config = Parse(Minimal);
        var lif = Assert.IsType<NeuronLayerConfig>(config.Model.Layers[1]);
        Assert.Equal(NeuronKind.Lif, lif.Kind);
        Assert.Equal(0.95, lif.Parameters.Beta);
        Assert.Equal(ResetTiming.NextStep, lif.Parameters.ResetTiming);
        Assert.True(lif.Parameters.DetachReset);
        Assert.Equal(new SurrogateConfig(SurrogateKind.Atan, 2.0), lif.Surrogate);
        Assert.Equal("test.yaml:6", lif.Origin);
        Assert.Equal(EncoderKind.Rate, config.Data.Encoder);
        Assert.Equal(25, config.Data.Steps);
        Assert.Equal(OptimizerKind.Adam, config.Optimizer.Name);
        Assert.Equal(1e-3, config.Optimizer.LearningRate);
        Assert.Equal(10, config.Training.Epochs);
        Assert.Null(config.Regularisers.UpperBound);
    }

    [Fact]
    public void UnknownKeySuggestsNearestAndNamesLine()
    {
        string text = Minimal.Replace("beta: 0.95", "tresholdd: 0.95", StringComparison.Ordinal);
        string error = Assert.Single(Errors(text));
        Assert.Equal("test.yaml:7: model.layers[1].tresholdd: unknown key for a 'lif' layer; did you mean 'threshold'?", error);
    }

    [Fact]
    public void KeyOfAnotherNeuronKindIsUnknownForThisKind()
    {
        string text = Minimal.Replace("beta: 0.95", "omega: [5, 10]", StringComparison.Ordinal);
        Assert.Contains("model.layers[1].omega: unknown key for a 'lif' layer", Assert.Single(Errors(text)));
    }

    [Fact]
    public void WrongTypeNamesExpectedAndFound()
    {
        string text = Minimal + "\ntraining:\n  epochs: ten\n  batch_size: \"64\"\n";
        IReadOnlyList<string> errors = Errors(text);
        Assert.Equal(2, errors.Count);
        Assert.Equal("test.yaml:12: training.epochs: wrong type: expected an integer, found 'ten'", errors[0]);
        Assert.Equal("test.yaml:13: training.batch_size: wrong type: expected an integer, found string \"64\"", errors[1]);
    }

    [Fact]
    public void OutOfRangeNamesAllowedRangeOrValues()
    {
        string text = Minimal.Replace("beta: 0.95", "beta: 1.5\n      reset: substract", StringComparison.Ordinal)
            + "\noptimizer:\n  lr: 0\n";
        IReadOnlyList<string> errors = Errors(text);
        Assert.Equal(3, errors.Count);
        Assert.Equal("test.yaml:7: model.layers[1].beta: out of range: expected in [0, 1], found 1.5", errors[0]);
        Assert.StartsWith("test.yaml:8: model.layers[1].reset: out of range: expected one of subtract, zero, none, found 'substract'; did you mean 'subtract'?", errors[1]);
        Assert.Equal("test.yaml:13: optimizer.lr: out of range: expected in (0, 100], found 0", errors[2]);
    }

    [Fact]
    public void MissingConfigFileIsReported()
    {
        string path = Path.Combine(Path.GetTempPath(), $"dendrite-missing-{Guid.NewGuid():N}.yaml");
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));
        Assert.Equal($"{path}: file not found", Assert.Single(e.Errors));
    }

    [Fact]
    public void MissingDataPathIsReportedWithItsLine()
    {
        string text = Minimal.Replace("steps: 25", "steps: 25\n  path: no-such-folder-xyz", StringComparison.Ordinal);
        string error = Assert.Single(Errors(text));
        Assert.StartsWith("test.yaml:11: data.path: missing file: 'no-such-folder-xyz'", error);
    }

    [Fact]
    public void ExistingDataPathResolvesAgainstConfigFolder()
    {
        string folder = Directory.CreateTempSubdirectory("dendrite-cfg").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "fmnist"));
            string file = Path.Combine(folder, "run.yaml");
            File.WriteAllText(file, Minimal + "\n  path: fmnist\n");
            TrainConfig config = ConfigLoader.Load(file);
            Assert.Equal(Path.Combine(folder, "fmnist"), config.Data.Path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void MissingRequiredKeysAreReported()
    {
        IReadOnlyList<string> errors = Errors("model:\n  layers:\n    - size: 10\n");
        Assert.Equal(2, errors.Count);
        Assert.Equal("test.yaml:1: data: missing required key", errors[0]);
        Assert.Equal("test.yaml:3: model.layers[0].type: missing required key", errors[1]);
    }

    [Fact]
    public void StepsAndDtBothSetOrNeitherAreReported()
    {
        const string Events = "model:\n  layers:\n    - {type: lif, size: 10}\ndata:\n  dataset: shd\n";
        Assert.Equal("test.yaml:7: data.dt: steps and dt are both set; give one (steps fixes T, dt fixes the bin width)",
            Assert.Single(Errors(Events + "  steps: 250\n  dt: 0.004\n")));
        Assert.Equal("test.yaml:5: data: missing required key: 'shd' needs steps (number of bins) or dt (bin width in seconds)",
            Assert.Single(Errors(Events)));
        Assert.Equal(0.004, Parse(Events + "  dt: 0.004\n").Data.Dt);
        string image = Minimal.Replace("steps: 25", "dt: 0.001", StringComparison.Ordinal);
        IReadOnlyList<string> errors = Errors(image);
        Assert.Equal(2, errors.Count);
        Assert.Contains("data: missing required key: 'fashion-mnist' needs steps", errors[0]);
        Assert.Contains("data.dt: dt (event-bin width) applies to event datasets", errors[1]);
    }

    [Fact]
    public void BetaAndTauMemTogetherAreRejected()
    {
        string text = Minimal.Replace("beta: 0.95", "beta: 0.95\n      tau_mem: 20", StringComparison.Ordinal);
        Assert.Contains("model.layers[1].tau_mem: beta and tau_mem are both set", Assert.Single(Errors(text)));
    }

    [Fact]
    public void BrfOmegaMustStayBelowInverseDt()
    {
        string text = Minimal.Replace("- type: lif\n      beta: 0.95", "- type: brf\n      omega: [5, 120]", StringComparison.Ordinal);
        Assert.Contains("model.layers[1].omega: out of range: omega must stay below 1/dt = 100", Assert.Single(Errors(text)));
    }

    [Fact]
    public void AllErrorsAreReportedTogetherInLineOrder()
    {
        string text = Minimal.Replace("size: 100", "size: -1", StringComparison.Ordinal)
            .Replace("dataset: fashion-mnist", "dataset: fashion-mnits", StringComparison.Ordinal) + "\nbogus: 1\n";
        IReadOnlyList<string> errors = Errors(text);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("test.yaml:5: model.layers[0].size: out of range", errors[0]);
        Assert.Contains("did you mean 'fashion-mnist'?", errors[1]);
        Assert.StartsWith("test.yaml:11: bogus: unknown key", errors[2]);
    }

    [Fact]
    public void InvalidYamlNamesTheLine()
    {
        string error = Assert.Single(Errors("model:\n  layers: [1, 2\ndata: x\n"));
        Assert.StartsWith("test.yaml:2: invalid YAML", error);
        Assert.StartsWith("test.yaml:3: invalid YAML", Assert.Single(Errors("model:\n  a: 1\n b: 2\n")));
        Assert.Contains("invalid YAML", error);
    }

    [Fact]
    public void OverridesApplyWithTheSameValidation()
    {
        TrainConfig config = Parse(Minimal, "training.epochs=3", "model.layers.0.size=256", "optimizer.betas=[0.8, 0.99]");
        Assert.Equal(3, config.Training.Epochs);
        Assert.Equal(256, Assert.IsType<LinearLayerConfig>(config.Model.Layers[0]).Size);
        Assert.Equal(0.8, config.Optimizer.Beta1);
        Assert.Equal(3, config.Overrides.Count);

        IReadOnlyList<string> errors = Errors(Minimal, "training.epochs=abc", "model.layers.5.size=3", "training.epohcs=3");
        Assert.Equal(3, errors.Count);
        Assert.Equal("--set training.epochs=abc: training.epochs: wrong type: expected an integer, found 'abc'", errors[0]);
        Assert.Equal("--set model.layers.5.size=3: model.layers: index 5 is out of range; the list has 2 items", errors[1]);
        Assert.Equal("--set training.epohcs=3: training.epohcs: unknown key; did you mean 'epochs'?", errors[2]);
    }

    [Fact]
    public void SurrogateShorthandAndPerLayerOverride()
    {
        string text = Minimal.Replace("beta: 0.95", "beta: 0.95\n      surrogate: {name: triangle, scale: 0.3}", StringComparison.Ordinal)
            .Replace("  input: 784", "  input: 784\n  surrogate: fast_sigmoid", StringComparison.Ordinal);
        TrainConfig config = Parse(text);
        Assert.Equal(new SurrogateConfig(SurrogateKind.FastSigmoid, 25), config.Model.Surrogate);
        Assert.Equal(new SurrogateConfig(SurrogateKind.Triangle, 0.3), ((NeuronLayerConfig)config.Model.Layers[1]).Surrogate);
    }

    [Fact]
    public void NeuronDefaultsFollowEachReferenceImplementation()
    {
        string text = Minimal.Replace("- type: lif\n      beta: 0.95",
            "- {type: plif}\n    - {type: alif, variant: bellec2020}\n    - {type: egru, size: 8}\n    - {type: brf, size: 4}", StringComparison.Ordinal);
        IReadOnlyList<LayerConfig> layers = Parse(text).Model.Layers;
        var plif = ((NeuronLayerConfig)layers[1]).Parameters;
        Assert.Equal((SpikeComparison.GreaterOrEqual, ResetMode.Zero, 2.0, true), (plif.SpikeComparison, plif.Reset, plif.TauMem!.Value, plif.LearnBeta));
        var alif = ((NeuronLayerConfig)layers[2]).Parameters;
        Assert.Equal((AlifVariant.Bellec2020EProp, 0.01, 1.8), (alif.Adaptation!.Variant, alif.Threshold, alif.Adaptation.BetaAdapt));
        var egru = (NeuronLayerConfig)layers[3];
        Assert.Equal(new SurrogateConfig(SurrogateKind.Triangle, 0.7), egru.Surrogate);
        var brf = ((NeuronLayerConfig)layers[4]).Parameters.Resonator!;
        Assert.Equal((5.0, 10.0, 0.01, 0.9), (brf.OmegaMin, brf.OmegaMax, brf.Dt, brf.Gamma));
    }

    [Fact]
    public void OverrideCanCreateAnAbsentSectionAndWrongSectionTypeIsReported()
    {
        ScheduleConfig schedule = Parse(Minimal, "schedule.name=cosine", "schedule.min_lr=1e-5").Schedule;
        Assert.Equal((ScheduleKind.Cosine, 1e-5), (schedule.Name, schedule.MinLearningRate));
        Assert.Equal("test.yaml:11: training: wrong type: expected a mapping, found '3'", Assert.Single(Errors(Minimal + "\ntraining: 3\n")));
        Assert.Contains("schedule.gamma: unknown key for schedule 'cosine'", Assert.Single(Errors(Minimal, "schedule.name=cosine", "schedule.gamma=0.5")));
    }

    public static TheoryData<string> ShippedConfigs() => new(Directory.GetFiles(ConfigsFolder(), "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void ShippedConfigValidates(string file)
    {
        TrainConfig config = ConfigLoader.Load(Path.Combine(ConfigsFolder(), file));
        Assert.NotEmpty(config.Model.Layers);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), config.Name);
    }

    [Fact]
    public void AllEightShippedConfigsExist()
    {
        string[] expected = ["randman", "fmnist-lif", "fmnist-csnn", "smnist-brf", "shd-rlif", "shd-brf", "nmnist-csnn", "dvsgesture-csnn"];
        foreach (string name in expected)
        {
            Assert.True(File.Exists(Path.Combine(ConfigsFolder(), name + ".yaml")), name);
        }
    }

    [Fact]
    public void ShdBrfCarriesThePaperValues()
    {
        TrainConfig config = ConfigLoader.Load(Path.Combine(ConfigsFolder(), "shd-brf.yaml"));
        var brf = Assert.IsType<NeuronLayerConfig>(config.Model.Layers[0]);
        Assert.Equal((128, true), (brf.Size!.Value, brf.Recurrent));
        Assert.Equal((5.0, 10.0, 2.0, 3.0), (brf.Parameters.Resonator!.OmegaMin, brf.Parameters.Resonator.OmegaMax,
            brf.Parameters.Resonator.BOffsetMin, brf.Parameters.Resonator.BOffsetMax));
        Assert.Equal((250, 32, 0.075), (config.Data.Steps!.Value, config.Training.BatchSize, config.Optimizer.LearningRate));
    }

    private static string ConfigsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "configs");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Dendrite.slnx")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("configs/ not found above the test binaries");
    }
}
