namespace Dendrite.Learning.Stdp;

/// <summary>How pre- and postsynaptic traces evolve each step (learning.md §7). τ is in time steps (τ/dt).</summary>
public enum StdpConvention
{
    /// <summary>
    /// Norse <c>stdp.py</c>, explicit Euler: x ← x + (1/τ)·(−x + a·z). A lone spike leaves a/τ in the trace
    /// (0.02 for τ = 50), which then decays by (1 − 1/τ) per step.
    /// </summary>
    Norse,

    /// <summary>
    /// SpikingJelly <c>learning.py</c>: x ← x − x/τ + a·z (SpikingJelly has no a; it is 1 by default). A lone spike
    /// leaves a in the trace, which then decays by (1 − 1/τ) per step.
    /// </summary>
    SpikingJelly,
}
