namespace Dendrite.Training.Config;

// The closed choices of a config file. Config spelling is the snake_case of the member name unless a
// [ConfigName] says otherwise.

/// <summary>Layer kinds of <c>model.layers[i].type</c>.</summary>
public enum LayerType
{
    Linear, Conv2d, Pool, Flatten, Dropout,
    Lif,
    [ConfigName("cubalif")] CubaLif,
    Li, If, Plif, Alif, Rf, Brf, Egru,
}

/// <summary>The neuron layer kinds (a subset of <see cref="LayerType"/>).</summary>
public enum NeuronKind
{
    Lif,
    [ConfigName("cubalif")] CubaLif,
    Li, If, Plif, Alif, Rf, Brf, Egru,
}

public enum PoolKind { Max, Avg }

/// <summary>What happens to the membrane after a spike.</summary>
public enum ResetMode { Subtract, Zero, None }

/// <summary>Whether the reset applies in the step that spiked (Norse, SpikingJelly) or the next (snnTorch).</summary>
public enum ResetTiming { SameStep, NextStep }

/// <summary>Spike iff <c>v − θ &gt; 0</c> (gt, Norse/snnTorch) or <c>&gt;= 0</c> (ge, SpikingJelly).
/// Member names match <c>Dendrite.Neurons.SpikeComparison</c> so the two can be merged.</summary>
public enum SpikeComparison
{
    [ConfigName("gt")] GreaterThan,
    [ConfigName("ge")] GreaterOrEqual,
}

/// <summary>The ALIF variants of neurons.md §2, which are not equivalent (members as in <c>Dendrite.Neurons.AlifVariant</c>).</summary>
public enum AlifVariant
{
    [ConfigName("bellec2020")] Bellec2020EProp,
    [ConfigName("yin2021")] Yin2021,
    [ConfigName("yin2021_original")] Yin2021Original,
    [ConfigName("lsnn2018")] Lsnn2018,
}

public enum SurrogateKind { FastSigmoid, Sigmoid, Atan, Triangle, Gaussian, MultiGaussian, DoubleGaussian, StraightThrough, Exponential }

/// <summary>How the output layer's activity over time becomes class scores.</summary>
public enum ReadoutKind { SpikeCount, MaxMembrane, MeanMembrane, LastMembrane }

public enum DatasetKind
{
    [ConfigName("fashion-mnist")] FashionMnist,
    Mnist,
    Randman,
    Shd,
    Ssc,
    Nmnist,
    [ConfigName("dvs-gesture")] DvsGesture,
    [ConfigName("delayed-xor")] DelayedXor,
    [ConfigName("sequential-fashion-mnist")] SequentialFashionMnist,
}

/// <summary>How static inputs become spikes: rate (Bernoulli), latency (time to first spike), delta, none (analog current).</summary>
public enum EncoderKind { Rate, Latency, Delta, None }

public enum OptimizerKind { Sgd, Adam, Adamw }

public enum ScheduleKind { None, Step, Cosine, OneCycle, Linear }

public enum TrainingMethod { Bptt, Eprop }
