namespace Dendrite.Neurons;

/// <summary>When a spike's reset is applied.</summary>
public enum ResetTiming
{
    /// <summary>
    /// In the step that produced the spike: the stored membrane is already reset (Norse, SpikingJelly, BRF, EvNN,
    /// snnTorch with <c>reset_delay=False</c>).
    /// </summary>
    SameStep,

    /// <summary>
    /// When the next step begins, computed from the previous membrane (snnTorch's default <c>reset_delay=True</c>,
    /// e-prop, LSNN, Yin's original code): the stored membrane may sit above threshold for one step.
    /// </summary>
    NextStep,
}
