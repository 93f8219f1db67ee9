using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>A layer of PLIF neurons: one learnable w (1/τ = sigmoid(w)) shared by the layer, as in the paper.</summary>
public sealed class PlifLayer : NeuronLayer<PlifModel>
{
    public PlifLayer(int inputs, int neurons, Rng rng, PlifParameters? parameters = null, bool recurrent = false, bool bias = false)
        : base(inputs, neurons, 1, recurrent, rng, bias)
    {
        Config = parameters ?? new PlifParameters();
        W = AddNeuronParameter("w", Tensor.Full((float)Config.InitialW, 1), learnable: true);
        AddNeuronParameter("threshold", Filled(Config.Threshold), Config.LearnThreshold);
    }

    public PlifParameters Config { get; }

    /// <summary>The shared parameter w, shape [1].</summary>
    public Tensor W { get; }

    public override PlifModel CreateModel() => new(Config, Mode);
}
