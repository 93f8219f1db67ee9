namespace Dendrite.Training;

/// <summary>
/// The fan-out of a spiking layer for SynOps counting: synapses one of its spikes drives in the next layer with weights.
/// </summary>
/// <remarks>
/// Dense (linear, or a neuron layer's own projection): that layer's width. Conv2d: out_channels·k²/stride², the
/// weights an input element meets averaged over the output positions whose windows cover it (exact away from the borders).
/// Layers in between without weights scale it: a k×k pool with stride s passes ⌈k/s⌉²/k² (one pooled event per window,
/// shared by its k² inputs), dropout and flatten pass 1. Element-wise neurons count one synapse per input.
/// The last layer drives nothing (0).
/// </remarks>
public static class SynapticFanOut
{
    /// <summary>The fan-out of layer <paramref name="index"/>'s outputs, rounded to whole synapses.</summary>
    public static long Of(IReadOnlyList<NetworkLayerInfo> layers, int index)
    {
        ArgumentNullException.ThrowIfNull(layers);
        double factor = 1;
        for (int j = index + 1; j < layers.Count; j++)
        {
            NetworkLayerInfo next = layers[j];
            if (next.SynapsesPerInput > 0)
            {
                return (long)Math.Round(factor * next.SynapsesPerInput);
            }
            factor *= next.PassThrough;
        }
        return 0;
    }
}
