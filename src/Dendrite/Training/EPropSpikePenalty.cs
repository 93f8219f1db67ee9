using Dendrite.Autodiff;
using Dendrite.Learning.EProp;
using Dendrite.Tensors;

namespace Dendrite.Training;

/// <summary>
/// The <c>regularisers:</c> section under e-prop (Bellec et al. 2020 make the firing-rate regulariser part of the
/// method). Every spike regulariser reads the spikes only through each sample's counts Σ_t z (learning.md §9), so at
/// the end of a sequence it is evaluated on the tape with a stand-in spike train that holds count/T at every step: the
/// same counts give the same penalty, and its gradient at any step is ∂E/∂count, which the learner turns into weight
/// gradients with the traces summed over the sequence. Weight penalties reach the parameters through the tape, as under BPTT.
/// </summary>
internal sealed class EPropSpikePenalty(RegulariserLoss loss, SpikingNetwork network)
{
    /// <summary>True when any regulariser is configured.</summary>
    public bool Active => loss.Active;

    /// <summary>Adds the penalty's gradients (hidden weights through the learner, weight penalties to the parameters).</summary>
    /// <param name="counts">Each sample's spike count per hidden neuron over the sequence [B, N].</param>
    /// <returns>The penalty.</returns>
    public float Apply(IEPropLearner learner, ReadOnlySpan<double> counts, int steps, int batch)
    {
        int neurons = learner.Neurons;
        var spikes = new Tensor(steps, batch, neurons) { RequiresGrad = true };
        Span<float> values = spikes.Span;
        for (int i = 0; i < batch * neurons; i++)
        {
            values[i] = (float)(counts[i] / steps);
        }
        for (int t = 1; t < steps; t++)
        {
            values[..(batch * neurons)].CopyTo(values.Slice(t * batch * neurons, batch * neurons));
        }
        float value;
        using (var tape = new Tape())
        {
            Tensor penalty = loss.Compute([spikes], network.NamedParameters())
                ?? throw new InvalidOperationException("No regulariser is configured.");
            value = penalty.ToScalar();
            tape.Backward(penalty);
        }
        ReadOnlySpan<float> gradient = spikes.Grad is { } g ? g.Span[..(batch * neurons)] : new float[batch * neurons];
        var countGradient = new double[batch * neurons];
        for (int i = 0; i < countGradient.Length; i++)
        {
            countGradient[i] = gradient[i];
        }
        learner.AccumulateCountSignal(countGradient);
        return value;
    }
}
