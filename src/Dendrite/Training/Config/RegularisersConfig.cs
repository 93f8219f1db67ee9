namespace Dendrite.Training.Config;

/// <summary>
/// The <c>regularisers:</c> section (learning.md §9). All are off by default (strength 0 / null).
/// </summary>
public sealed record RegularisersConfig
{
    /// <summary><c>lower_bound</c>: Zenke &amp; Vogels λ·mean(relu(θ − count)²) on per-sample spike counts. Default null.</summary>
    public SpikeCountBound? LowerBound { get; init; }

    /// <summary><c>upper_bound</c>: λ·mean(relu(count − θ)²). Default null.</summary>
    public SpikeCountBound? UpperBound { get; init; }

    /// <summary><c>rate_target</c>: e-prop c·Σ_j (f̄_j − f_target)². Default null.</summary>
    public RateTarget? RateTarget { get; init; }

    /// <summary><c>spike_l1</c>: λ1·Σ spikes (SpyTorch). Default 0.</summary>
    public double SpikeL1 { get; init; }

    /// <summary><c>spike_l2</c>: λ2·mean_j(Σ_{b,t} s)² (SpyTorch). Default 0.</summary>
    public double SpikeL2 { get; init; }

    /// <summary><c>weight_l1</c>: λ·Σ|w|. Default 0.</summary>
    public double WeightL1 { get; init; }

    /// <summary><c>weight_l2</c>: λ·Σw² (a loss term; weight decay belongs to the optimizer). Default 0.</summary>
    public double WeightL2 { get; init; }
}

/// <summary>A spike-count bound: <c>threshold</c> θ in spikes per neuron per sample (required), <c>strength</c> λ
/// (default 1), <c>per_neuron</c> (default false: the population mean count is bounded).</summary>
public sealed record SpikeCountBound(double Threshold, double Strength, bool PerNeuron);

/// <summary>Firing-rate target: <c>rate</c> in spikes per neuron per step, in [0, 1] (required); <c>strength</c> c (default 1).</summary>
public sealed record RateTarget(double Rate, double Strength);
