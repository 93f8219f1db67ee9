namespace Dendrite.Training.Config;

/// <summary>Binds the <c>model:</c> section. Each layer kind reads only its own keys, so a BRF key on a LIF
/// layer is reported as unknown for that layer.</summary>
internal static class ModelBinder
{
    public static ModelConfig Bind(ConfigSection s)
    {
        IReadOnlyList<int>? input = null;
        if (s.Has("input"))
        {
            double[]? shape = s.DoubleList("input", null, 1, int.MaxValue);
            if (shape is not null && shape.Any(v => v != Math.Floor(v)))
            {
                s.Error("input", "wrong type: expected positive integers, e.g. 784 or [2, 34, 34]");
            }
            input = shape?.Select(v => (int)v).ToArray();
        }
        SurrogateConfig surrogate = Surrogate(s, new SurrogateConfig(SurrogateKind.Atan, 2.0));

        var layers = new List<LayerConfig>();
        if (s.Exists && s.Require("layers"))
        {
            List<ConfigSection>? items = s.SectionList("layers");
            if (items is { Count: 0 })
            {
                s.Error("layers", "out of range: expected at least one layer");
            }
            for (int i = 0; i < (items?.Count ?? 0); i++)
            {
                if (Layer(items![i], i, surrogate) is LayerConfig layer)
                {
                    layers.Add(layer);
                }
            }
        }
        var config = new ModelConfig
        {
            InputShape = input,
            Layers = layers,
            Readout = s.Enum("readout", ReadoutKind.SpikeCount),
            ReadoutSkip = s.Int("readout_skip", 0, 0),
            Surrogate = surrogate,
        };
        s.Finish();
        return config;
    }

    private static LayerConfig? Layer(ConfigSection s, int index, SurrogateConfig modelSurrogate)
    {
        if (!s.Require("type"))
        {
            // Which other keys are valid depends on the type, so they are not judged.
            return null;
        }
        if (s.OptionalEnum<LayerType>("type") is not LayerType type)
        {
            // The type error is reported; other keys cannot be judged without a type.
            return null;
        }
        string origin = s.Origin;
        LayerConfig layer = type switch
        {
            LayerType.Linear => new LinearLayerConfig
            {
                Index = index, Origin = origin,
                Size = RequiredInt(s, "size"),
                Bias = s.Bool("bias", true),
            },
            LayerType.Conv2d => new Conv2dLayerConfig
            {
                Index = index, Origin = origin,
                Channels = RequiredInt(s, "channels"),
                Kernel = s.Int("kernel", 3, 1, 64),
                Stride = s.Int("stride", 1, 1, 64),
                Padding = s.Int("padding", 0, 0, 64),
                Bias = s.Bool("bias", true),
            },
            LayerType.Pool => Pool(s, index, origin),
            LayerType.Flatten => new FlattenLayerConfig { Index = index, Origin = origin },
            LayerType.Dropout => new DropoutLayerConfig
            {
                Index = index, Origin = origin,
                P = s.Double("p", 0.5, 0.0, 0.999),
            },
            _ => Neuron(s, index, origin, ToNeuronKind(type), modelSurrogate),
        };
        s.Finish($"for a '{ConfigNames.Of(type)}' layer");
        return layer;
    }

    private static PoolLayerConfig Pool(ConfigSection s, int index, string origin)
    {
        int kernel = s.Int("kernel", 2, 1, 64);
        return new PoolLayerConfig
        {
            Index = index, Origin = origin,
            Kind = s.Enum("kind", PoolKind.Max),
            Kernel = kernel,
            Stride = s.Int("stride", kernel, 1, 64),
        };
    }

    private static NeuronLayerConfig Neuron(ConfigSection s, int index, string origin, NeuronKind kind, SurrogateConfig modelSurrogate)
    {
        NeuronParameters p = NeuronDefaults.For(kind);
        bool spiking = kind != NeuronKind.Li;
        bool leaky = kind is NeuronKind.Lif or NeuronKind.CubaLif or NeuronKind.Li or NeuronKind.Plif or NeuronKind.Alif;
        bool resettable = kind is NeuronKind.Lif or NeuronKind.CubaLif or NeuronKind.If or NeuronKind.Plif or NeuronKind.Alif;

        if (spiking)
        {
            p = p with
            {
                Threshold = s.Double("threshold", p.Threshold, 0.0, 1e6, exclusiveMin: kind != NeuronKind.Egru),
                LearnThreshold = s.Bool("learn_threshold", p.LearnThreshold),
            };
        }
        if (leaky)
        {
            p = Decay(s, p);
        }
        if (kind == NeuronKind.CubaLif)
        {
            p = p with { Alpha = s.Double("alpha", p.Alpha, 0.0, 1.0) };
        }
        if (resettable)
        {
            p = p with
            {
                Reset = s.Enum("reset", p.Reset),
                ResetTiming = s.Enum("reset_timing", p.ResetTiming),
                DetachReset = s.Bool("detach_reset", p.DetachReset),
                SpikeComparison = s.Enum("spike_comparison", p.SpikeComparison),
            };
        }
        if (kind == NeuronKind.Plif)
        {
            p = p with { DecayInput = s.Bool("decay_input", p.DecayInput) };
        }
        if (kind == NeuronKind.Alif)
        {
            AdaptationParameters a = p.Adaptation!;
            p = p with
            {
                Adaptation = a with
                {
                    Variant = s.Enum("variant", a.Variant),
                    TauAdapt = s.Double("tau_adapt", a.TauAdapt, 0.0, 1e9, exclusiveMin: true),
                    TauAdaptStd = s.Double("tau_adapt_std", a.TauAdaptStd, 0.0),
                    BetaAdapt = s.Double("beta_adapt", a.BetaAdapt, 0.0),
                    Refractory = s.Int("refractory", a.Refractory, 0, 10_000),
                },
            };
        }
        if (kind is NeuronKind.Rf or NeuronKind.Brf)
        {
            p = p with { Resonator = Resonator(s, kind, p.Resonator!) };
        }

        SurrogateConfig fallback = kind == NeuronKind.Egru && !s.Has("surrogate")
            ? new SurrogateConfig(SurrogateKind.Triangle, 0.7)
            : modelSurrogate;
        return new NeuronLayerConfig
        {
            Index = index, Origin = origin,
            Kind = kind,
            Size = s.OptionalInt("size", 1, 100_000_000),
            Recurrent = s.Bool("recurrent", false),
            Bias = s.Bool("bias", true),
            Parameters = p,
            Surrogate = spiking ? Surrogate(s, fallback) : fallback,
        };
    }

    private static NeuronParameters Decay(ConfigSection s, NeuronParameters p)
    {
        double? beta = s.OptionalDouble("beta", 0.0, 1.0);
        double? tau = s.OptionalDouble("tau_mem", 0.0, 1e9, exclusiveMin: true);
        if (s.Has("beta") && s.Has("tau_mem"))
        {
            s.Error("tau_mem", "beta and tau_mem are both set; give one (beta = exp(-1/tau_mem))");
        }
        p = p with
        {
            TauMemStd = s.Double("tau_mem_std", p.TauMemStd, 0.0),
            LearnBeta = s.Bool("learn_beta", p.LearnBeta),
        };
        if (beta is double b)
        {
            return p with { Beta = b, TauMem = null };
        }
        if ((tau ?? p.TauMem) is double t)
        {
            return p with { TauMem = t, Beta = Math.Exp(-1.0 / t) };
        }
        return p;
    }

    private static ResonatorParameters Resonator(ConfigSection s, NeuronKind kind, ResonatorParameters r)
    {
        double dt = s.Double("dt", r.Dt, 0.0, 1.0, exclusiveMin: true);
        double[]? omega = s.DoubleList("omega", 2, 0.0, 1e9);
        double[]? offset = s.DoubleList("b_offset", 2, 0.0, 1e9);
        r = r with
        {
            Dt = dt,
            OmegaMin = omega?[0] ?? r.OmegaMin,
            OmegaMax = omega?[1] ?? r.OmegaMax,
            BOffsetMin = offset?[0] ?? r.BOffsetMin,
            BOffsetMax = offset?[1] ?? r.BOffsetMax,
            Gamma = kind == NeuronKind.Brf ? s.Double("gamma", r.Gamma, 0.0, 1.0) : r.Gamma,
        };
        if (r.OmegaMin > r.OmegaMax)
        {
            s.Error("omega", $"out of range: expected [min, max] with min <= max, found [{r.OmegaMin}, {r.OmegaMax}]");
        }
        if (r.BOffsetMin > r.BOffsetMax)
        {
            s.Error("b_offset", $"out of range: expected [min, max] with min <= max, found [{r.BOffsetMin}, {r.BOffsetMax}]");
        }
        // BRF's divergence boundary p(ω) = (−1 + sqrt(1 − (δω)²))/δ is NaN for ω > 1/δ (neurons.md §3.2).
        if (r.OmegaMax >= 1.0 / dt)
        {
            s.Error(s.Has("omega") ? "omega" : "dt",
                $"out of range: omega must stay below 1/dt = {1.0 / dt:G6}, found max {r.OmegaMax}");
        }
        return r;
    }

    private static SurrogateConfig Surrogate(ConfigSection s, SurrogateConfig fallback)
    {
        if (!s.Has("surrogate"))
        {
            return fallback;
        }
        if (s.IsScalar("surrogate"))
        {
            SurrogateKind? kind = s.OptionalEnum<SurrogateKind>("surrogate");
            return kind is SurrogateKind k ? new SurrogateConfig(k, SurrogateConfig.DefaultScale(k)) : fallback;
        }
        ConfigSection sub = s.Section("surrogate");
        sub.Require("name");
        SurrogateKind name = sub.Enum("name", fallback.Kind);
        var config = new SurrogateConfig(name, sub.Double("scale", SurrogateConfig.DefaultScale(name), 0.0, 1e6, exclusiveMin: true));
        sub.Finish();
        return config;
    }

    private static int RequiredInt(ConfigSection s, string key)
    {
        s.Require(key);
        return s.Int(key, 1, 1, 100_000_000);
    }

    private static NeuronKind ToNeuronKind(LayerType type) => type switch
    {
        LayerType.Lif => NeuronKind.Lif,
        LayerType.CubaLif => NeuronKind.CubaLif,
        LayerType.Li => NeuronKind.Li,
        LayerType.If => NeuronKind.If,
        LayerType.Plif => NeuronKind.Plif,
        LayerType.Alif => NeuronKind.Alif,
        LayerType.Rf => NeuronKind.Rf,
        LayerType.Brf => NeuronKind.Brf,
        _ => NeuronKind.Egru,
    };
}
