using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>
/// Builds a <see cref="SpikingNetwork"/> from the <c>model:</c> section. A neuron layer without <c>size</c> that
/// follows a <c>linear</c> layer takes over that projection (snnTorch's linear-then-leaky written as one fused
/// layer, one GEMM over all steps); a neuron layer with <c>size</c> owns its projection.
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Builds the network for inputs of <paramref name="inputFeatures"/> features per step.</summary>
    /// <exception cref="ConfigException">A layer cannot follow the one before it; the message names its config line.</exception>
    public static SpikingNetwork Build(ModelConfig model, int inputFeatures, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = new SpikingNetwork();
        int width = inputFeatures;
        IReadOnlyList<LayerConfig> layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerConfig layer = layers[i];
            Rng layerRng = rng.Fork((ulong)i);
            switch (layer)
            {
                case LinearLayerConfig linear when i + 1 < layers.Count && layers[i + 1] is NeuronLayerConfig { Size: null } next:
                    network.Add(NeuronLayerFactory.Create(next, width, linear.Size, linear.Bias, layerRng), Info(next, linear.Size));
                    width = linear.Size;
                    i++;
                    break;
                case LinearLayerConfig linear:
                    network.Add(new Linear(width, linear.Size, layerRng, linear.Bias), new NetworkLayerInfo("linear", false, linear.Size, 0));
                    width = linear.Size;
                    break;
                case NeuronLayerConfig { Size: int size } neuron:
                    network.Add(NeuronLayerFactory.Create(neuron, width, size, neuron.Bias, layerRng), Info(neuron, size));
                    width = size;
                    break;
                case NeuronLayerConfig neuron:
                    throw new ConfigException([$"{neuron.Origin}: model.layers[{neuron.Index}]: a {neuron.Kind} layer without 'size' must follow a linear layer (give it a size, or put a linear layer before it)."]);
                case DropoutLayerConfig dropout:
                    network.Add(new Dropout((float)dropout.P, layerRng), new NetworkLayerInfo("dropout", false, width, 0));
                    break;
                case FlattenLayerConfig:
                    break;
                default:
                    throw new ConfigException([$"{layer.Origin}: model.layers[{layer.Index}]: {layer.Type} layers are not yet supported by the trainer (dense spiking networks are)."]);
            }
        }
        // A spiking layer's outputs each drive the next layer's inputs: fan-out is the next projection's width.
        for (int i = 0; i < network.Info.Count - 1; i++)
        {
            network.SetFanOut(i, network.Info[i + 1].Width);
        }
        return network;
    }

    private static NetworkLayerInfo Info(NeuronLayerConfig neuron, int size) =>
        new(neuron.Kind.ToString().ToLowerInvariant(), neuron.Kind != NeuronKind.Li, size, 0);
}
