using Dendrite.Autodiff;
using Dendrite.Learning.Regularisers;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>
/// The <c>regularisers:</c> section applied as one loss term: every configured spike regulariser on every spiking
/// layer's output, summed over layers, plus the weight penalties on every parameter named "weight" or ending in "weight"
/// (recurrent weights included, biases and neuron parameters not).
/// </summary>
public sealed class RegulariserLoss
{
    private readonly RegularisersConfig _config;

    public RegulariserLoss(RegularisersConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
    }

    /// <summary>True when any regulariser has a non-zero strength.</summary>
    public bool Active =>
        _config.LowerBound is { Strength: not 0 } || _config.UpperBound is { Strength: not 0 } || _config.RateTarget is { Strength: not 0 }
        || _config.SpikeL1 != 0 || _config.SpikeL2 != 0 || _config.WeightL1 != 0 || _config.WeightL2 != 0;

    /// <summary>The total regulariser loss as a scalar on the tape, or null when none is configured.</summary>
    /// <param name="spikes">Each spiking layer's output [T, B, ...] as the network produced it (not detached).</param>
    /// <param name="parameters">The model's named parameters, for the weight penalties.</param>
    public Tensor? Compute(IReadOnlyList<Tensor> spikes, IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Active)
        {
            return null;
        }
        var terms = new List<Tensor>();
        foreach (Tensor layer in spikes)
        {
            if (_config.UpperBound is { Strength: not 0 } upper)
            {
                terms.Add(SpikeRegularisers.UpperBoundL2(layer, upper.Threshold, upper.Strength, upper.PerNeuron));
            }
            if (_config.LowerBound is { Strength: not 0 } lower)
            {
                terms.Add(SpikeRegularisers.LowerBoundL2(layer, lower.Threshold, lower.Strength, lower.PerNeuron));
            }
            if (_config.RateTarget is { Strength: not 0 } target)
            {
                terms.Add(SpikeRegularisers.RateTarget(layer, target.Rate, target.Strength));
            }
            if (_config.SpikeL1 != 0)
            {
                terms.Add(SpikeRegularisers.SpikeL1(layer, _config.SpikeL1));
            }
            if (_config.SpikeL2 != 0)
            {
                terms.Add(SpikeRegularisers.SpikeL2(layer, _config.SpikeL2));
            }
        }
        Tensor[] weights = parameters.Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).Select(p => p.Parameter.Value).ToArray();
        if (_config.WeightL1 != 0)
        {
            terms.Add(WeightRegularisers.L1(weights, _config.WeightL1));
        }
        if (_config.WeightL2 != 0)
        {
            terms.Add(WeightRegularisers.L2(weights, _config.WeightL2));
        }
        return terms.Aggregate(Tensor.Scalar(0f), Ops.Add);
    }
}
