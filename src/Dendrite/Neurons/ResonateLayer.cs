using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// A layer of BRF (default) or RF neurons. The BRF reference feeds cat(x_t, z_{t−1}) through one bias-free linear layer: here the
/// input projection plus the recurrent weights, the same map.
/// </summary>
public sealed class ResonateLayer : NeuronLayer<ResonateModel>
{
    public ResonateLayer(int inputs, int neurons, Rng rng, ResonateParameters? parameters = null, bool recurrent = true)
        : base(inputs, neurons, 1, recurrent, rng, bias: false)
    {
        Config = parameters ?? new ResonateParameters();
        var omega = new Tensor(neurons);
        Init.Uniform(omega, rng, (float)Config.OmegaMin, (float)Config.OmegaMax);
        var damping = new Tensor(neurons);
        Init.Uniform(damping, rng, (float)Config.DampingMin, (float)Config.DampingMax);
        Omega = AddNeuronParameter("omega", omega, Config.LearnFrequencyAndDamping);
        Damping = AddNeuronParameter("b_offset", damping, Config.LearnFrequencyAndDamping);
        AddNeuronParameter("threshold", Filled(Config.Threshold), learnable: false);
    }

    public ResonateParameters Config { get; }

    public Tensor Omega { get; }

    public Tensor Damping { get; }

    public override ResonateModel CreateModel() => new(Config, Mode);
}
