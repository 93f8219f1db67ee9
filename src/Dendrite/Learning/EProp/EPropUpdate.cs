namespace Dendrite.Learning.EProp;

/// <summary>When e-prop hands its gradient to the optimizer.</summary>
public enum EPropUpdate
{
    /// <summary>
    /// Once per sequence: the loss is the readout's (cross-entropy of the mean or last membrane, as BPTT trains), and the
    /// window's filtered traces are summed so the error, known only at the end, still multiplies every step's trace.
    /// </summary>
    Sequence,

    /// <summary>
    /// Every step: the loss is the per-step cross-entropy of the readout membrane over the readout window, and the
    /// optimizer steps after each step of the window (online learning).
    /// </summary>
    Step,
}
