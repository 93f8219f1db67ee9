using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>A layer of adaptive LIF neurons (variant named in <see cref="AlifParameters"/>), feed-forward or recurrent.</summary>
public sealed class AlifLayer : NeuronLayer<AlifModel>
{
    public AlifLayer(int inputs, int neurons, Rng rng, AlifParameters? parameters = null, bool recurrent = false, bool bias = false)
        : base(inputs, neurons, 1, recurrent, rng, bias)
    {
        Config = parameters ?? new AlifParameters();
        TauMembrane = AddNeuronParameter("tau_m", Filled(Config.TauMembrane), Config.LearnTimeConstants);
        TauAdaptation = AddNeuronParameter("tau_adp", Filled(Config.TauAdaptation), Config.LearnTimeConstants);
        AddNeuronParameter("threshold", Filled(Config.BaseThreshold), Config.LearnThreshold);
        AddNeuronParameter("beta", Filled(Config.AdaptationStrength), learnable: false);
    }

    public AlifParameters Config { get; }

    public Tensor TauMembrane { get; }

    public Tensor TauAdaptation { get; }

    public override AlifModel CreateModel() => new(Config, Mode);
}
