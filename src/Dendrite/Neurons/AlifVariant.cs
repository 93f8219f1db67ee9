namespace Dendrite.Neurons;

/// <summary>The adaptive-threshold LIF variants of the literature; they are not equivalent (neurons.md §2).</summary>
public enum AlifVariant
{
    /// <summary>
    /// Yin et al. 2021 as re-implemented in the BRF repository (what BRF compares against): a = ρa + (1 − ρ)z_prev;
    /// θ_t = θ0 + βa; u = αu + (1 − α)x; z = H(u − θ_t); u −= z·θ_t (same step, by the CURRENT threshold, not detached).
    /// </summary>
    Yin2021,

    /// <summary>
    /// Yin's original code: b = ρb + (1 − ρ)z_prev; B = θ0 + βb; mem = αmem + (1 − α)x − B·z_prev·Δt (next step, by the NEW
    /// threshold); z = H(mem − B).
    /// </summary>
    Yin2021Original,

    /// <summary>
    /// e-prop (Bellec 2020): b = ρb + z_prev (no 1 − ρ); v = αv + x − z_prev·θ0 (no 1 − α; reset by the BASE threshold, detached);
    /// z = H((v − (θ0 + βb))/θ0). Refractoriness is not modelled (n_ref = 0).
    /// </summary>
    Bellec2020EProp,

    /// <summary>
    /// LSNN (Bellec 2018): b = ρb + (1 − ρ)z_prev; thr = θ0 + βb; v_new = αv + (1 − α)x − z_prev·thr·Δt; the spike comes from the
    /// OLD voltage, z = H((v_old − thr)/thr), so input reaches the output one step later.
    /// </summary>
    Lsnn2018,
}
