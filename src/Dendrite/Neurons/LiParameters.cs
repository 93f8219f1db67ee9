namespace Dendrite.Neurons;

/// <summary>The two leaky-integrator forms in use.</summary>
public enum LiForm
{
    /// <summary>u = α·u + (1 − α)·x with α = exp(−Δt/τ) (Yin, BRF readouts). Parameter: τ.</summary>
    Decay,

    /// <summary>u = β·u + x (snnTorch-style readout). Parameter: β, clamped to [0, 1].</summary>
    Leaky,
}

/// <summary>Non-spiking leaky integrator (readout). Output is the membrane u. Defaults: decay form, τ = 20, Δt = 1.</summary>
public sealed record LiParameters
{
    public LiForm Form { get; init; } = LiForm.Decay;

    /// <summary>Time constant (decay form).</summary>
    public double Tau { get; init; } = 20.0;

    /// <summary>Decay factor (leaky form).</summary>
    public double Beta { get; init; } = 0.9;

    public double Dt { get; init; } = 1.0;

    /// <summary>Learn τ (decay form) or β (leaky form).</summary>
    public bool Learnable { get; init; }
}
