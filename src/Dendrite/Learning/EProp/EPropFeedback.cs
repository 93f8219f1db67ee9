namespace Dendrite.Learning.EProp;

/// <summary>How the output error reaches the hidden neurons as a learning signal L_j = Σ_k B_jk·δ_k (learning.md §1.1).</summary>
public enum EPropFeedback
{
    /// <summary>B = W_outᵀ, the readout's current weights (symmetric e-prop).</summary>
    Symmetric,

    /// <summary>B fixed at random, N(0, 1/N) per entry, drawn once from a seeded stream (random e-prop).</summary>
    Random,
}
