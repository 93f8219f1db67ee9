namespace Dendrite.Learning.Pruning;

/// <summary>
/// Iterative magnitude pruning with rewinding (Frankle &amp; Carbin 2019; open_lth <c>lottery/runner.py</c>):
/// level 0 trains the dense network; each later level prunes p of the remaining weights globally by the trained
/// magnitudes, rewinds the survivors to θ_k and retrains. After n prunings the density is 0.8ⁿ for p = 0.2 (± 1 weight per level from the ceiling).
/// </summary>
public sealed class IterativeMagnitudePruning
{
    /// <param name="pruner">The masks to prune.</param>
    /// <param name="rewindPoint">θ_k: take it with <see cref="Pruner.Snapshot"/> at initialisation (k = 0) or after k rewinding steps.</param>
    /// <param name="fraction">p per level (0.2 in open_lth).</param>
    public IterativeMagnitudePruning(Pruner pruner, WeightSnapshot rewindPoint, double fraction = 0.2)
    {
        ArgumentNullException.ThrowIfNull(pruner);
        ArgumentNullException.ThrowIfNull(rewindPoint);
        if (!(fraction > 0.0 && fraction < 1.0))
        {
            ThrowHelper.ThrowArgument($"IMP fraction per level must lie in (0, 1); got {fraction}.", nameof(fraction));
        }
        Pruner = pruner;
        RewindPoint = rewindPoint;
        Fraction = fraction;
    }

    public Pruner Pruner { get; }

    public WeightSnapshot RewindPoint { get; }

    public double Fraction { get; }

    /// <summary>Number of completed levels.</summary>
    public int Level { get; private set; }

    /// <summary>
    /// Runs levels 0..<paramref name="levels"/>: for each, prunes (except at level 0), rewinds to θ_k and calls
    /// <paramref name="train"/> with the level. <paramref name="train"/> must keep the masks (<see cref="Pruner.MaskGradients"/>, <see cref="Pruner.ApplyMasks"/>).
    /// </summary>
    public void Run(int levels, Action<int> train)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        ArgumentNullException.ThrowIfNull(train);
        for (int level = 0; level <= levels; level++)
        {
            NextLevel(level);
            train(level);
            Level = level + 1;
        }
    }

    /// <summary>Prepares one level without training: prunes by the current (trained) weights when <paramref name="level"/> &gt; 0, then rewinds.</summary>
    public void NextLevel(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        if (level > 0)
        {
            Pruner.PruneGlobal(Fraction);
        }
        Pruner.Rewind(RewindPoint);
    }
}
