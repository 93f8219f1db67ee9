using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Learning.EProp;

/// <summary>Creates the <see cref="IEPropLearner"/> for a hidden layer's neuron model.</summary>
public static class EPropLearner
{
    /// <summary>e-prop for a LIF or ALIF layer read out by <paramref name="readout"/>.</summary>
    /// <param name="rng">Draws the random feedback matrix (used only with <see cref="EPropFeedback.Random"/>).</param>
    /// <exception cref="ArgumentException">The hidden layer is not LIF or ALIF, or the shapes do not chain.</exception>
    public static IEPropLearner Create(Nn.Module hidden, LiLayer readout, EPropFeedback feedback, Rng rng) => hidden switch
    {
        LifLayer lif => new EPropLearner<LifModel>(lif, readout, feedback, rng),
        AlifLayer alif => new EPropLearner<AlifModel>(alif, readout, feedback, rng),
        _ => throw new ArgumentException($"e-prop trains LIF and ALIF layers; got {hidden?.GetType().Name ?? "null"}.", nameof(hidden)),
    };
}
