namespace Dendrite.Neurons;

/// <summary>How the membrane is compared with the threshold. The frameworks disagree at exactly the threshold.</summary>
public enum SpikeComparison
{
    /// <summary>Spike iff v − θ &gt; 0, so H(0) = 0 (snnTorch, Norse, BRF, EvNN, NIR). The library default.</summary>
    GreaterThan,

    /// <summary>Spike iff v − θ ≥ 0, so H(0) = 1 (SpikingJelly, Lava process models).</summary>
    GreaterOrEqual,
}
