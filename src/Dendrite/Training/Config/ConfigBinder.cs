namespace Dendrite.Training.Config;

/// <summary>Binds the top-level sections (all but <c>model</c>, see <see cref="ModelBinder"/>) and runs the
/// cross-field checks. Reading a key is what makes it valid: a key not read here is reported as unknown.</summary>
internal static class ConfigBinder
{
    public static TrainConfig Bind(ConfigSection root, string sourceName, string baseDirectory)
    {
        root.Require("model");
        root.Require("data");
        ConfigSection data = root.Section("data");
        var config = new TrainConfig
        {
            SourcePath = sourceName,
            Name = root.String("name"),
            Model = ModelBinder.Bind(root.Section("model")),
            Data = BindData(data, baseDirectory),
            Optimizer = BindOptimizer(root.Section("optimizer")),
            Schedule = BindSchedule(root.Section("schedule")),
            Training = BindTraining(root.Section("training")),
            Regularisers = BindRegularisers(root.Section("regularisers")),
        };
        if (config.Training.Method == TrainingMethod.Eprop)
        {
            EPropConfig.CheckModel(root.Section("model"), config.Model);
        }
        return config;
    }

    private static DataConfig BindData(ConfigSection s, string baseDirectory)
    {
        // An absent dataset already produced a missing-key error; bind the rest against fashion-mnist.
        bool hasDataset = s.Exists && s.Require("dataset");
        DatasetKind dataset = s.OptionalEnum<DatasetKind>("dataset") ?? DatasetKind.FashionMnist;
        bool generated = dataset is DatasetKind.Randman or DatasetKind.DelayedXor;
        bool events = dataset is DatasetKind.Shd or DatasetKind.Ssc or DatasetKind.Nmnist or DatasetKind.DvsGesture;
        bool sequential = dataset is DatasetKind.SequentialFashionMnist;
        bool image = dataset is DatasetKind.FashionMnist or DatasetKind.Mnist;
        string name = ConfigNames.Of(dataset);

        string? path = s.String("path");
        if (path is not null)
        {
            if (generated)
            {
                s.Error("path", $"'{name}' is generated and reads no files; remove path");
            }
            else
            {
                string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, path));
                if (!Directory.Exists(full) && !File.Exists(full))
                {
                    s.Error("path", $"missing file: '{path}' (resolved to {full}) does not exist");
                }
                path = full;
            }
        }

        EncoderKind encoder = s.Enum("encoder", image ? EncoderKind.Rate : EncoderKind.None);
        if (!image && encoder != EncoderKind.None && s.Has("encoder"))
        {
            s.Error("encoder", $"out of range: '{name}' is already a spike or sequence dataset; expected none, found '{ConfigNames.Of(encoder)}'");
        }
        double gain = encoder == EncoderKind.Rate && s.Has("gain") ? s.Double("gain", 1.0, 0.0, 1.0, exclusiveMin: true) : 1.0;

        int? steps = s.OptionalInt("steps", 1, 1_000_000);
        double? dt = s.OptionalDouble("dt", 0.0, 10.0, exclusiveMin: true);
        if (!events && dt is not null)
        {
            s.Error("dt", $"dt (event-bin width) applies to event datasets; '{name}' sets time with steps only");
            dt = null;
        }
        double? duration = events ? s.OptionalDouble("duration", 0.0, 3600.0, exclusiveMin: true) : null;
        if (events && s.Has("steps") && s.Has("dt"))
        {
            s.Error("dt", "steps and dt are both set; give one (steps fixes T, dt fixes the bin width)");
        }
        else if (events && hasDataset && !s.Has("steps") && !s.Has("dt"))
        {
            s.Error(null, $"missing required key: '{name}' needs steps (number of bins) or dt (bin width in seconds)");
        }
        else if ((image || generated) && hasDataset && !s.Has("steps"))
        {
            s.Error(null, $"missing required key: '{name}' needs steps (time steps per sample)");
        }
        if (sequential)
        {
            steps ??= 784;
            if (steps != 784)
            {
                s.Error("steps", $"out of range: sequential-fashion-mnist presents one pixel per step; expected 784, found {steps}");
            }
        }

        ConfigSection aug = s.Section("augmentation");
        var augmentation = new AugmentationConfig
        {
            RandomCropPadding = image ? aug.Int("random_crop_padding", 0, 0, 64) : 0,
            HorizontalFlip = image || events ? aug.Bool("horizontal_flip", false) : false,
            EventDrop = events ? aug.Double("event_drop", 0.0, 0.0, 0.999) : 0.0,
            TimeJitter = events ? aug.Double("time_jitter", 0.0, 0.0, 10.0) : 0.0,
        };
        aug.Finish($"for dataset '{name}'");

        RandmanConfig? randman = null;
        if (dataset == DatasetKind.Randman)
        {
            ConfigSection r = s.Section("randman");
            randman = new RandmanConfig
            {
                Classes = r.Int("classes", 10, 2, 10_000),
                Units = r.Int("units", 100, 1, 1_000_000),
                SamplesPerClass = r.Int("samples_per_class", 1000, 1, 10_000_000),
                Dim = r.Int("dim", 1, 1, 100),
                Alpha = r.Double("alpha", 2.0, 0.0, 100.0, exclusiveMin: true),
                TestFraction = r.Double("test_fraction", 0.2, 0.0, 0.99, exclusiveMin: true),
                Seed = r.Int("seed", 42),
            };
            r.Finish();
        }

        var config = new DataConfig
        {
            Dataset = dataset,
            Path = path,
            Encoder = encoder,
            Gain = gain,
            Steps = steps,
            Dt = dt,
            Duration = duration,
            MaxSamples = s.OptionalInt("max_samples", 1),
            Shuffle = s.Bool("shuffle", true),
            Augmentation = augmentation,
            Randman = randman,
        };
        s.Finish($"for dataset '{name}'");
        return config;
    }

    private static OptimizerConfig BindOptimizer(ConfigSection s)
    {
        OptimizerKind name = s.Enum("name", OptimizerKind.Adam);
        bool sgd = name == OptimizerKind.Sgd;
        double[]? betas = sgd ? null : s.DoubleList("betas", 2, 0.0, 0.999999);
        var config = new OptimizerConfig
        {
            Name = name,
            LearningRate = s.Double("lr", 1e-3, 0.0, 100.0, exclusiveMin: true),
            Momentum = sgd ? s.Double("momentum", 0.0, 0.0, 0.999999) : 0.0,
            Nesterov = sgd && s.Bool("nesterov", false),
            WeightDecay = s.Double("weight_decay", name == OptimizerKind.Adamw ? 0.01 : 0.0, 0.0, 10.0),
            Beta1 = betas?[0] ?? 0.9,
            Beta2 = betas?[1] ?? 0.999,
            Epsilon = sgd ? 1e-8 : s.Double("eps", 1e-8, 0.0, 1.0, exclusiveMin: true),
            ClipNorm = s.OptionalDouble("clip_norm", 0.0, double.PositiveInfinity, exclusiveMin: true),
            ClipValue = s.OptionalDouble("clip_value", 0.0, double.PositiveInfinity, exclusiveMin: true),
        };
        if (config.Nesterov && config.Momentum <= 0.0)
        {
            s.Error("nesterov", "nesterov needs momentum > 0");
        }
        s.Finish($"for optimizer '{ConfigNames.Of(name)}'");
        return config;
    }

    private static ScheduleConfig BindSchedule(ConfigSection s)
    {
        ScheduleKind name = s.Enum("name", ScheduleKind.None);
        var config = new ScheduleConfig { Name = name };
        config = name switch
        {
            ScheduleKind.Step => config with
            {
                StepSize = s.Int("step_size", 10, 1),
                Gamma = s.Double("gamma", 0.1, 0.0, 1.0, exclusiveMin: true),
            },
            ScheduleKind.Cosine => config with { MinLearningRate = s.Double("min_lr", 0.0, 0.0) },
            ScheduleKind.OneCycle => config with
            {
                MaxLearningRate = s.OptionalDouble("max_lr", 0.0, 100.0, exclusiveMin: true),
                WarmupFraction = s.Double("warmup_fraction", 0.3, 0.0, 0.999),
            },
            ScheduleKind.Linear => config with { EndFactor = s.Double("end_factor", 0.0, 0.0, 1.0) },
            _ => config,
        };
        s.Finish($"for schedule '{ConfigNames.Of(name)}'");
        return config;
    }

    private static TrainingConfig BindTraining(ConfigSection s)
    {
        TrainingMethod method = s.Enum("method", TrainingMethod.Bptt);
        var config = new TrainingConfig
        {
            Epochs = s.Int("epochs", 10, 1, 1_000_000),
            BatchSize = s.Int("batch_size", 128, 1, 1_000_000),
            EvalBatchSize = s.OptionalInt("eval_batch_size", 1, 1_000_000),
            Seed = s.Int("seed", 0),
            Threads = s.Int("threads", 0, 0, 4096),
            Method = method,
            Truncation = s.OptionalInt("truncation", 1, 1_000_000),
            EvalEvery = s.Int("eval_every", 1, 1, 1_000_000),
            EProp = EPropConfig.Bind(s, method),
        };
        if (method == TrainingMethod.Eprop && config.Truncation is not null)
        {
            s.Error("truncation", "truncation applies to bptt; e-prop is online and needs no window");
        }
        s.Finish();
        return config;
    }

    private static RegularisersConfig BindRegularisers(ConfigSection s)
    {
        var config = new RegularisersConfig
        {
            LowerBound = Bound(s, "lower_bound"),
            UpperBound = Bound(s, "upper_bound"),
            RateTarget = Target(s),
            SpikeL1 = s.Double("spike_l1", 0.0, 0.0),
            SpikeL2 = s.Double("spike_l2", 0.0, 0.0),
            WeightL1 = s.Double("weight_l1", 0.0, 0.0),
            WeightL2 = s.Double("weight_l2", 0.0, 0.0),
        };
        s.Finish();
        return config;
    }

    private static SpikeCountBound? Bound(ConfigSection parent, string key)
    {
        if (!parent.Has(key))
        {
            return null;
        }
        ConfigSection s = parent.Section(key);
        s.Require("threshold");
        var bound = new SpikeCountBound(s.Double("threshold", 0.0, 0.0), s.Double("strength", 1.0, 0.0), s.Bool("per_neuron", false));
        s.Finish();
        return bound;
    }

    private static RateTarget? Target(ConfigSection parent)
    {
        if (!parent.Has("rate_target"))
        {
            return null;
        }
        ConfigSection s = parent.Section("rate_target");
        s.Require("rate");
        var target = new RateTarget(s.Double("rate", 0.0, 0.0, 1.0), s.Double("strength", 1.0, 0.0));
        s.Finish();
        return target;
    }
}
