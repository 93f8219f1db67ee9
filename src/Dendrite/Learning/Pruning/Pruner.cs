using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Learning.Pruning;

/// <summary>
/// Keeps a <see cref="PruningMask"/> for each chosen parameter and prunes them by magnitude (global or layer-wise)
/// or at random with ERK densities.
/// </summary>
/// <remarks>
/// <para>Magnitude rule (learning.md §3.1, §11.4): among the weights still unpruned, the k = ⌈p·n⌉ smallest |w| are
/// removed, exactly k of them. Ties in |w| are broken by position: the weight earlier in the pruner's order
/// (mask order, then row-major index) is removed first. This differs from open_lth, whose strict comparison with
/// sorted|w|[k] removes k + 1 weights when values are distinct. ⌈p·n⌉ is taken after rounding p·n to 9 decimals,
/// so 0.2·100 counts as 20, not 21.</para>
/// <para>Training with masks: <see cref="Optimizer.AddConstraint"/> the pruner, and every optimizer step masks the
/// gradients before the update and re-applies the masks after it, so pruned weights stay exactly 0 even under momentum,
/// weight decay or stale Adam moments. (Calling <see cref="MaskGradients"/> and <see cref="ApplyMasks"/> by hand around
/// the step does the same.)</para>
/// </remarks>
public sealed class Pruner : IStepConstraint
{
    private readonly PruningMask[] _masks;

    /// <summary>Masks for the given named parameters (e.g. the weights from <see cref="Module.NamedParameters"/>).</summary>
    public Pruner(IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _masks = parameters.Select(p => new PruningMask(p.Name, p.Parameter)).ToArray();
        if (_masks.Length == 0)
        {
            ThrowHelper.ThrowArgument("The pruner got no parameters.", nameof(parameters));
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (PruningMask mask in _masks)
        {
            if (!seen.Add(mask.Name))
            {
                ThrowHelper.ThrowArgument($"The pruner got parameter name '{mask.Name}' twice.", nameof(parameters));
            }
        }
    }

    /// <summary>
    /// A pruner for the weights of <paramref name="module"/>: every parameter whose qualified name ends in "weight"
    /// (biases are not pruned, as in open_lth), minus those named in <paramref name="exclude"/> (e.g. the output layer).
    /// </summary>
    public static Pruner ForWeights(Module module, params string[] exclude)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(exclude);
        (string Name, Parameter Parameter)[] all = module.NamedParameters().ToArray();
        foreach (string name in exclude)
        {
            if (!all.Any(p => p.Name == name))
            {
                ThrowHelper.ThrowArgument($"Cannot exclude '{name}': {module.GetType().Name} has no parameter of that name.", nameof(exclude));
            }
        }
        return new Pruner(all.Where(p => (p.Name == "weight" || p.Name.EndsWith(".weight", StringComparison.Ordinal)) && !exclude.Contains(p.Name)));
    }

    public IReadOnlyList<PruningMask> Masks => _masks;

    /// <summary>Total number of prunable weights.</summary>
    public long Count => _masks.Sum(m => (long)m.Mask.Length);

    /// <summary>Number of weights still kept across all masks.</summary>
    public long RemainingCount => _masks.Sum(m => (long)m.RemainingCount);

    /// <summary>Kept fraction across all masks.</summary>
    public double Density => Count == 0 ? 1.0 : (double)RemainingCount / Count;

    /// <summary>Global magnitude pruning: removes ⌈p·remaining⌉ of the smallest |w| over all masked parameters together, then applies the masks.</summary>
    /// <param name="fraction">p in [0, 1]: the fraction of the currently unpruned weights to remove.</param>
    public void PruneGlobal(double fraction)
    {
        CheckFraction(fraction);
        PruneSmallest(_masks, fraction);
        ApplyMasks();
    }

    /// <summary>Layer-wise magnitude pruning: removes ⌈p·remaining_l⌉ of the smallest |w| within each parameter, then applies the masks.</summary>
    /// <param name="fraction">p in [0, 1]: the fraction of each parameter's unpruned weights to remove.</param>
    public void PruneLayerwise(double fraction)
    {
        CheckFraction(fraction);
        foreach (PruningMask mask in _masks)
        {
            PruneSmallest([mask], fraction);
        }
        ApplyMasks();
    }

    /// <summary>
    /// Random pruning with ERK layer densities (Liu et al. 2022): each parameter keeps round(density_l·n_l) weights,
    /// chosen uniformly among all its weights (previous masks are replaced), then the masks are applied.
    /// </summary>
    /// <param name="density">Target overall density in (0, 1].</param>
    /// <param name="rng">Seed source; each parameter draws from a stream forked by its name, so the result does not depend on order.</param>
    /// <param name="power">ERK score exponent (1 in the paper).</param>
    /// <returns>The ERK density of each mask, in mask order.</returns>
    public double[] PruneRandomErk(double density, Rng rng, double power = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double[] densities = ErkDensities.Compute(_masks.Select(m => m.Mask.Shape).ToArray(), density, power);
        for (int l = 0; l < _masks.Length; l++)
        {
            Span<float> mask = _masks[l].Mask.Span;
            int keep = (int)Math.Round(densities[l] * mask.Length, MidpointRounding.AwayFromZero);
            int[] order = rng.Fork(_masks[l].Name).Permutation(mask.Length);
            mask.Clear();
            for (int i = 0; i < keep; i++)
            {
                mask[order[i]] = 1f;
            }
        }
        ApplyMasks();
        return densities;
    }

    /// <summary>Zeroes the gradients of pruned weights. Call after backward, before the optimizer step.</summary>
    public void MaskGradients()
    {
        foreach (PruningMask mask in _masks)
        {
            mask.ApplyToGradient();
        }
    }

    /// <summary>Sets pruned weights to 0. Call after every optimizer step.</summary>
    public void ApplyMasks()
    {
        foreach (PruningMask mask in _masks)
        {
            mask.Apply();
        }
    }

    /// <inheritdoc cref="MaskGradients"/>
    void IStepConstraint.BeforeStep() => MaskGradients();

    /// <inheritdoc cref="ApplyMasks"/>
    void IStepConstraint.AfterStep() => ApplyMasks();

    /// <summary>Copies the current values of every masked parameter (θ_k for rewinding).</summary>
    /// <param name="step">The training step k, kept for reference.</param>
    public WeightSnapshot Snapshot(long step = 0) => new(_masks.Select(m => m.Parameter.Value.Clone()).ToArray(), step);

    /// <summary>Restores the snapshot's values exactly on kept weights and 0 on pruned ones.</summary>
    public void Rewind(WeightSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Values.Count != _masks.Length)
        {
            ThrowHelper.ThrowArgument($"The snapshot holds {snapshot.Values.Count} tensors; this pruner has {_masks.Length} masks.", nameof(snapshot));
        }
        for (int l = 0; l < _masks.Length; l++)
        {
            Tensor value = _masks[l].Parameter.Value;
            ThrowHelper.CheckSameShape($"Rewinding '{_masks[l].Name}'", value.Shape, snapshot.Values[l].Shape, nameof(snapshot));
            snapshot.Values[l].Span.CopyTo(value.Span);
        }
        ApplyMasks();
    }

    /// <summary>The masks as named tensors ("mask." + parameter name) for checkpoints; the tensors are live, so loading into them restores the masks.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> StateTensors() => _masks.Select(m => (m.Mask.Name!, m.Mask));

    /// <summary>Loads masks saved by <see cref="StateTensors"/>; every mask must be present, then the masks are applied.</summary>
    public void LoadStateTensors(IEnumerable<(string Name, Tensor Tensor)> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach ((string name, Tensor tensor) in tensors)
        {
            byName[name] = tensor;
        }
        foreach (PruningMask mask in _masks)
        {
            if (!byName.TryGetValue(mask.Mask.Name!, out Tensor? saved))
            {
                ThrowHelper.ThrowArgument($"No tensor named '{mask.Mask.Name}' to load the mask of '{mask.Name}' from.", nameof(tensors));
            }
            mask.Load(saved);
        }
        ApplyMasks();
    }

    /// <summary>⌈p·n⌉ after rounding p·n to 9 decimals, so representation error in p does not add a weight.</summary>
    internal static int PruneCount(double fraction, int remaining) => (int)Math.Ceiling(Math.Round(fraction * remaining, 9));

    private static void PruneSmallest(PruningMask[] masks, double fraction)
    {
        // Candidates are the unpruned weights, identified by (mask, index); the order of this list is the tie-break order.
        var magnitude = new List<float>();
        var owner = new List<(int Mask, int Index)>();
        for (int l = 0; l < masks.Length; l++)
        {
            ReadOnlySpan<float> mask = masks[l].Mask.Span;
            ReadOnlySpan<float> value = masks[l].Parameter.Value.Span;
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] != 0f)
                {
                    if (float.IsNaN(value[i]))
                    {
                        ThrowHelper.ThrowArgument($"Parameter '{masks[l].Name}' holds NaN at index {i}; cannot prune by magnitude.");
                    }
                    magnitude.Add(MathF.Abs(value[i]));
                    owner.Add((l, i));
                }
            }
        }
        int k = PruneCount(fraction, magnitude.Count);
        if (k == 0)
        {
            return;
        }
        int[] order = Enumerable.Range(0, magnitude.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int byMagnitude = magnitude[a].CompareTo(magnitude[b]);
            return byMagnitude != 0 ? byMagnitude : a.CompareTo(b);
        });
        for (int j = 0; j < k; j++)
        {
            (int l, int i) = owner[order[j]];
            masks[l].Mask.Span[i] = 0f;
        }
    }

    private static void CheckFraction(double fraction)
    {
        if (!(fraction >= 0.0 && fraction <= 1.0))
        {
            ThrowHelper.ThrowArgument($"Pruning fraction must lie in [0, 1]; got {fraction}.", nameof(fraction));
        }
    }
}
