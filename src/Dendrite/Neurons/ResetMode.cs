namespace Dendrite.Neurons;

/// <summary>What a spike does to the membrane.</summary>
public enum ResetMode
{
    /// <summary>v ← v − θ ("soft" reset): keeps the overshoot.</summary>
    Subtract,

    /// <summary>v ← 0 ("hard" reset).</summary>
    Zero,

    /// <summary>v ← v_reset, a model parameter (Norse, SpikingJelly hard reset with v_reset ≠ 0).</summary>
    ToValue,

    /// <summary>No membrane reset (refractoriness, if any, comes from elsewhere, as in BRF).</summary>
    None,
}
