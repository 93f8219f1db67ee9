using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>A leaky-integrator readout layer: output [T, B, N] is the membrane.</summary>
public sealed class LiLayer : NeuronLayer<LiModel>
{
    public LiLayer(int inputs, int neurons, Rng rng, LiParameters? parameters = null, bool bias = false)
        : base(inputs, neurons, 1, recurrent: false, rng, bias)
    {
        Config = parameters ?? new LiParameters();
        TimeConstant = AddNeuronParameter(Config.Form == LiForm.Decay ? "tau" : "beta",
            Filled(Config.Form == LiForm.Decay ? Config.Tau : Config.Beta), Config.Learnable);
    }

    public LiParameters Config { get; }

    /// <summary>τ (decay form) or β (leaky form), per neuron.</summary>
    public Tensor TimeConstant { get; }

    public override LiModel CreateModel() => new(Config);
}
