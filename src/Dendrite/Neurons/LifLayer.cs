using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>A layer of LIF (or IF) neurons, feed-forward or recurrent; per-neuron β and θ, learnable on request.</summary>
public sealed class LifLayer : NeuronLayer<LifModel>
{
    public LifLayer(int inputs, int neurons, Rng rng, LifParameters? parameters = null, bool recurrent = false, bool bias = false)
        : base(inputs, neurons, 1, recurrent, rng, bias)
    {
        Config = parameters ?? new LifParameters();
        Beta = AddNeuronParameter("beta", Filled(Config.Beta), Config.LearnBeta);
        Threshold = AddNeuronParameter("threshold", Filled(Config.Threshold), Config.LearnThreshold);
    }

    public LifParameters Config { get; }

    public Tensor Beta { get; }

    public Tensor Threshold { get; }

    public override LifModel CreateModel() => new(Config, Mode);

    public override string ToString() => $"LifLayer({Inputs} → {Neurons}{(RecurrentWeight is null ? "" : ", recurrent")})";
}
