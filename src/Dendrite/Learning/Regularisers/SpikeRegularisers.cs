using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Learning.Regularisers;

/// <summary>
/// Differentiable activity regularisers on one layer's spikes (learning.md §9), built from tape ops, so their gradient
/// reaches the network through the spike function's surrogate.
/// </summary>
/// <remarks>
/// Spikes are time-major [T, B, ...]; everything after the batch axis counts as neurons. A sample's spike count of a neuron
/// is Σ_t s. Each function returns a scalar tensor.
/// </remarks>
public static class SpikeRegularisers
{
    /// <summary>
    /// Zenke &amp; Vogels (stork <c>UpperBoundL2</c>): λ·mean(relu(count − θ)²), over samples and neurons when
    /// <paramref name="perNeuron"/>, else over samples of the population's mean count.
    /// </summary>
    public static Tensor UpperBoundL2(Tensor spikes, double threshold, double strength, bool perNeuron) =>
        Ops.Scale(Ops.Mean(Ops.Square(Ops.Relu(Ops.AddScalar(Counts(spikes, perNeuron), (float)-threshold)))), (float)strength);

    /// <summary>Zenke &amp; Vogels <c>LowerBoundL2</c>: λ·mean(relu(θ − count)²), per neuron or on the population mean count.</summary>
    public static Tensor LowerBoundL2(Tensor spikes, double threshold, double strength, bool perNeuron) =>
        Ops.Scale(Ops.Mean(Ops.Square(Ops.Relu(Ops.Affine(Counts(spikes, perNeuron), -1f, (float)threshold)))), (float)strength);

    /// <summary>
    /// e-prop firing-rate regularisation: c·Σ_j (f̄_j − f_target)², with f̄_j neuron j's spikes per step averaged over
    /// time and batch, and the target in spikes per step.
    /// </summary>
    public static Tensor RateTarget(Tensor spikes, double rate, double strength)
    {
        Tensor rows = Rows(spikes);
        Tensor meanRate = Ops.Mean(rows, 0);
        return Ops.Scale(Ops.Sum(Ops.Square(Ops.AddScalar(meanRate, (float)-rate))), (float)strength);
    }

    /// <summary>SpyTorch's L1 term: λ₁·Σ spikes over time, batch and neurons.</summary>
    public static Tensor SpikeL1(Tensor spikes, double strength) => Ops.Scale(Ops.Sum(spikes), (float)strength);

    /// <summary>SpyTorch's L2 term: λ₂·mean_j (Σ_{t,b} s_j)², each neuron's count over the whole batch, squared.</summary>
    public static Tensor SpikeL2(Tensor spikes, double strength) =>
        Ops.Scale(Ops.Mean(Ops.Square(Ops.Sum(Rows(spikes), 0))), (float)strength);

    // Per-sample counts [B, N] (per neuron) or [B] (population mean).
    private static Tensor Counts(Tensor spikes, bool perNeuron)
    {
        Tensor counts = Ops.Sum(Neurons(spikes), 0);
        return perNeuron ? counts : Ops.Mean(counts, 1);
    }

    // [T, B, N] with the trailing axes flattened into N.
    private static Tensor Neurons(Tensor spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        if (spikes.Rank < 3)
        {
            ThrowHelper.ThrowArgument($"Spike regularisers expect time-major spikes [T, B, ...]; got shape {spikes.Shape}.", nameof(spikes));
        }
        return spikes.Rank == 3 ? spikes : spikes.Reshape(spikes.Shape[0], spikes.Shape[1], -1);
    }

    // [T·B, N]: one row per (step, sample).
    private static Tensor Rows(Tensor spikes)
    {
        Tensor x = Neurons(spikes);
        return x.Reshape(x.Shape[0] * x.Shape[1], x.Shape[2]);
    }
}
