using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>A layer of current-based LIF neurons, feed-forward or recurrent.</summary>
public sealed class CubaLifLayer : NeuronLayer<CubaLifModel>
{
    public CubaLifLayer(int inputs, int neurons, Rng rng, CubaLifParameters? parameters = null, bool recurrent = false, bool bias = false)
        : base(inputs, neurons, 1, recurrent, rng, bias)
    {
        Config = parameters ?? new CubaLifParameters();
        bool norse = Config.Form == CubaLifForm.NorseEuler;
        AddNeuronParameter(norse ? "tau_mem_inv" : "alpha", Filled(norse ? Config.TauMemInverse : Config.Alpha), Config.LearnDecays);
        AddNeuronParameter(norse ? "tau_syn_inv" : "beta", Filled(norse ? Config.TauSynInverse : Config.Beta), Config.LearnDecays);
        AddNeuronParameter("threshold", Filled(Config.Threshold), Config.LearnThreshold);
    }

    public CubaLifParameters Config { get; }

    public override CubaLifModel CreateModel() => new(Config, Mode);
}
