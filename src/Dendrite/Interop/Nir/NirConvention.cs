namespace Dendrite.Interop.Nir;

/// <summary>
/// How a continuous-time NIR graph becomes discrete steps of length dt (formats.md §1.6). Both use forward Euler
/// with the new input applied in the same step, a strict <c>v &gt; v_threshold</c> and a reset in the same step.
/// </summary>
public enum NirConvention
{
    /// <summary>
    /// snnTorch's reading (default): v ← v + dt/τ·(v_leak − v + r·I); CubaLIF's synapse I ← I + dt/τ_syn·(−I + w_in·S);
    /// IF/I: v ← v + dt·r·I; reset to <c>v_reset</c>. With r = τ/dt and w_in = τ_syn/dt this is snnTorch's Leaky/Synaptic.
    /// </summary>
    SnnTorch,

    /// <summary>
    /// Norse's <c>from_nir</c>: LIF/LI/IF ignore <c>r</c> (reported when ≠ 1) and <c>v_reset</c> (reset to 0); CubaLIF
    /// integrates the synapse with the leak potential too, I ← I + dt/τ_syn·(v_leak − I + w_in·S), and uses r.
    /// </summary>
    Norse,
}
