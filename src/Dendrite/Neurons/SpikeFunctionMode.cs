namespace Dendrite.Neurons;

/// <summary>What the spike nonlinearity computes in the forward pass.</summary>
public enum SpikeFunctionMode
{
    /// <summary>The Heaviside step (binary spikes); the backward uses the surrogate derivative.</summary>
    Heaviside,

    /// <summary>
    /// The surrogate's own smooth function, whose derivative is the surrogate: the whole model is then
    /// differentiable, so finite differences can check the hand-written backward exactly ("smooth mode").
    /// </summary>
    Smooth,
}
