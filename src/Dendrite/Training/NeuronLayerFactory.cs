using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;
using Dendrite.Training.Config;
using ConfigReset = Dendrite.Training.Config.ResetMode;
using ConfigTiming = Dendrite.Training.Config.ResetTiming;
using SpikeComparison = Dendrite.Neurons.SpikeComparison;

namespace Dendrite.Training;

/// <summary>Turns a neuron layer's config into the layer module, mapping config names onto the model parameters.</summary>
internal static class NeuronLayerFactory
{
    /// <param name="truncation">Truncated BPTT: cut the gradient through time every this many steps (0: never).</param>
    public static Module Create(NeuronLayerConfig config, int inputs, int neurons, bool bias, Rng rng, int truncation = 0)
    {
        NeuronParameters p = config.Parameters;
        ISurrogate surrogate = Surrogate(config.Surrogate);
        double beta = p.TauMem is double tau ? Math.Exp(-1.0 / tau) : p.Beta;
        return config.Kind switch
        {
            NeuronKind.Lif or NeuronKind.If => Truncated(truncation, new LifLayer(inputs, neurons, rng, new LifParameters
            {
                Beta = config.Kind == NeuronKind.If ? 1.0 : beta,
                Threshold = p.Threshold,
                Reset = Reset(p.Reset),
                Timing = Timing(p.ResetTiming),
                DetachReset = p.DetachReset,
                Comparison = Comparison(p.SpikeComparison),
                Surrogate = surrogate,
                LearnBeta = p.LearnBeta && config.Kind == NeuronKind.Lif,
                LearnThreshold = p.LearnThreshold,
            }, config.Recurrent, bias)),
            NeuronKind.CubaLif => Truncated(truncation, new CubaLifLayer(inputs, neurons, rng, new CubaLifParameters
            {
                Alpha = p.Alpha,
                Beta = beta,
                Threshold = p.Threshold,
                Reset = Reset(p.Reset),
                Timing = Timing(p.ResetTiming),
                DetachReset = p.DetachReset,
                Comparison = Comparison(p.SpikeComparison),
                Surrogate = surrogate,
                LearnDecays = p.LearnBeta,
                LearnThreshold = p.LearnThreshold,
            }, config.Recurrent, bias)),
            NeuronKind.Li => Truncated(truncation, new LiLayer(inputs, neurons, rng, new LiParameters
            {
                // tau_mem selects the (1 − α) decay form of Yin/BRF readouts; beta the snnTorch form u = βu + x.
                Form = p.TauMem is null ? LiForm.Leaky : LiForm.Decay,
                Beta = beta,
                Tau = p.TauMem ?? 20.0,
                Learnable = p.LearnBeta,
            }, bias)),
            NeuronKind.Plif => Truncated(truncation, new PlifLayer(inputs, neurons, rng, new PlifParameters
            {
                InitTau = p.TauMem ?? 2.0,
                Threshold = p.Threshold,
                ResetValue = p.Reset == ConfigReset.Zero ? 0.0 : null,
                DecayInput = p.DecayInput,
                DetachReset = p.DetachReset,
                Comparison = Comparison(p.SpikeComparison),
                Surrogate = surrogate,
                LearnThreshold = p.LearnThreshold,
            }, config.Recurrent, bias)),
            NeuronKind.Alif => Truncated(truncation, new AlifLayer(inputs, neurons, rng, new AlifParameters
            {
                Variant = Variant(p.Adaptation!.Variant),
                TauMembrane = p.TauMem ?? 20.0,
                TauAdaptation = p.Adaptation.TauAdapt,
                BaseThreshold = p.Threshold,
                AdaptationStrength = p.Adaptation.BetaAdapt,
                DetachReset = p.DetachReset,
                Comparison = Comparison(p.SpikeComparison),
                Surrogate = surrogate,
                LearnTimeConstants = p.LearnBeta,
                LearnThreshold = p.LearnThreshold,
            }, config.Recurrent, bias)),
            NeuronKind.Rf or NeuronKind.Brf => Truncated(truncation, new ResonateLayer(inputs, neurons, rng, new ResonateParameters
            {
                Balanced = config.Kind == NeuronKind.Brf,
                Dt = p.Resonator!.Dt,
                Threshold = p.Threshold,
                RefractoryDecay = p.Resonator.Gamma,
                OmegaMin = p.Resonator.OmegaMin,
                OmegaMax = p.Resonator.OmegaMax,
                DampingMin = p.Resonator.BOffsetMin,
                DampingMax = p.Resonator.BOffsetMax,
                Comparison = Comparison(p.SpikeComparison),
                Surrogate = surrogate,
            }, config.Recurrent)),
            _ => Truncated(truncation, new EgruLayer(inputs, neurons, rng, new EgruParameters
            {
                InitialThreshold = p.Threshold,
                Comparison = Comparison(p.SpikeComparison),
                Surrogate = surrogate,
                LearnThreshold = p.LearnThreshold,
            })),
        };
    }

    /// <summary>
    /// Neurons acting element-wise on the previous layer's output (after conv2d or pool): the dynamics of a one-neuron
    /// layer, its parameters shared by every element.
    /// </summary>
    /// <exception cref="ConfigException">The kind needs its own projection (egru's three gates).</exception>
    public static Module CreateElementwise(NeuronLayerConfig config, Rng rng, int truncation = 0) => Create(config, 1, 1, false, rng) switch
    {
        LifLayer layer => Elementwise(layer, truncation),
        CubaLifLayer layer => Elementwise(layer, truncation),
        LiLayer layer => Elementwise(layer, truncation),
        PlifLayer layer => Elementwise(layer, truncation),
        AlifLayer layer => Elementwise(layer, truncation),
        ResonateLayer layer => Elementwise(layer, truncation),
        _ => throw new ConfigException([$"{config.Origin}: model.layers[{config.Index}]: a {config.Kind} layer needs its own projection (give it a size)."]),
    };

    private static ElementwiseNeurons<TModel> Elementwise<TModel>(NeuronLayer<TModel> prototype, int truncation)
        where TModel : struct, INeuronModel => new(prototype) { Truncation = truncation };

    private static NeuronLayer<TModel> Truncated<TModel>(int truncation, NeuronLayer<TModel> layer)
        where TModel : struct, INeuronModel
    {
        layer.Truncation = truncation;
        return layer;
    }

    /// <summary>The surrogate shape a config names, with its scale.</summary>
    public static ISurrogate Surrogate(SurrogateConfig config) => config.Kind switch
    {
        SurrogateKind.FastSigmoid => new FastSigmoid(config.Scale),
        SurrogateKind.Sigmoid => new SigmoidSurrogate(config.Scale),
        SurrogateKind.Atan => new Arctan(config.Scale),
        SurrogateKind.Triangle => new Triangle(config.Scale),
        SurrogateKind.Gaussian => new Gaussian(config.Scale),
        SurrogateKind.MultiGaussian => new MultiGaussian(config.Scale),
        SurrogateKind.DoubleGaussian => new DoubleGaussian(config.Scale),
        SurrogateKind.StraightThrough => new StraightThrough(),
        _ => new Exponential(config.Scale),
    };

    private static Neurons.ResetMode Reset(ConfigReset reset) => reset switch
    {
        ConfigReset.Subtract => Neurons.ResetMode.Subtract,
        ConfigReset.Zero => Neurons.ResetMode.Zero,
        _ => Neurons.ResetMode.None,
    };

    private static Neurons.ResetTiming Timing(ConfigTiming timing) =>
        timing == ConfigTiming.SameStep ? Neurons.ResetTiming.SameStep : Neurons.ResetTiming.NextStep;

    private static SpikeComparison Comparison(Config.SpikeComparison comparison) =>
        comparison == Config.SpikeComparison.GreaterOrEqual ? SpikeComparison.GreaterOrEqual : SpikeComparison.GreaterThan;

    private static Neurons.AlifVariant Variant(Config.AlifVariant variant) => variant switch
    {
        Config.AlifVariant.Yin2021 => Neurons.AlifVariant.Yin2021,
        Config.AlifVariant.Yin2021Original => Neurons.AlifVariant.Yin2021Original,
        Config.AlifVariant.Bellec2020EProp => Neurons.AlifVariant.Bellec2020EProp,
        _ => Neurons.AlifVariant.Lsnn2018,
    };
}
