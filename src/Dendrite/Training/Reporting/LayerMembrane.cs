using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Training.Reporting;

/// <summary>Finds the membrane over time of any neuron layer a <see cref="NetworkBuilder"/> makes (see <see cref="MembraneProbe"/>).</summary>
public static class LayerMembrane
{
    /// <summary>Membranes [T, B, N] of <paramref name="layer"/> for its inputs [T, B, ...], or null for a layer without neurons.</summary>
    public static Tensor? Record(Module layer, Tensor input) => layer switch
    {
        LifLayer l => MembraneProbe.Record(l, input),
        CubaLifLayer l => MembraneProbe.Record(l, input),
        LiLayer l => MembraneProbe.Record(l, input),
        PlifLayer l => MembraneProbe.Record(l, input),
        AlifLayer l => MembraneProbe.Record(l, input),
        ResonateLayer l => MembraneProbe.Record(l, input),
        EgruLayer l => MembraneProbe.Record(l, input),
        ElementwiseNeurons<LifModel> l => MembraneProbe.Record(l, input),
        ElementwiseNeurons<CubaLifModel> l => MembraneProbe.Record(l, input),
        ElementwiseNeurons<LiModel> l => MembraneProbe.Record(l, input),
        ElementwiseNeurons<PlifModel> l => MembraneProbe.Record(l, input),
        ElementwiseNeurons<AlifModel> l => MembraneProbe.Record(l, input),
        ElementwiseNeurons<ResonateModel> l => MembraneProbe.Record(l, input),
        _ => null,
    };

    /// <summary>The layer's firing threshold (its first value, when per neuron), or null when it has none.</summary>
    public static double? Threshold(Module layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        foreach ((string name, Tensor tensor) in layer.StateTensors())
        {
            if (name == "threshold")
            {
                return tensor.Span[0];
            }
        }
        return null;
    }
}
