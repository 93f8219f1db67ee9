using Dendrite.Tensors;

namespace Dendrite.Learning.DeepR;

/// <summary>
/// DEEP R (Bellec, Kappel, Maass, Legenstein, ICLR 2018) on one weight matrix: exactly K of its M potential connections
/// are active at any time, each with a fixed sign s_k and a parameter θ_k ≥ 0, so that w_k = s_k·θ_k; all others are 0.
/// </summary>
/// <remarks>
/// <para>Per <see cref="Step()"/> (learning.md §2.1): every active θ_k ← θ_k − η·s_k·∂E/∂w_k − η·α + √(2ηT)·ν_k with
/// ν_k ~ N(0, 1); any θ_k that went negative turns dormant (w_k = 0); then dormant connections, drawn uniformly (the ones
/// that just died included), are activated at θ = 0 until K are active again. A reactivated w is exactly 0, so rewiring
/// alone never changes the network's output.</para>
/// <para>Storage is sparse and O(K): the active flat indices, their θ and their signs, plus a hash set of the active
/// indices. Signs of dormant connections are not stored (see <see cref="ConnectionSigns"/>). The update itself is O(K):
/// it reads the gradient and writes the weight only at active entries, and a reactivation draws indices uniformly in
/// [0, M) until it hits a dormant one, which takes M/(M − K) draws on average. The forward and backward products still
/// run dense on <see cref="Weight"/>, which mirrors w (zeros at dormant entries), so the existing kernels apply.</para>
/// </remarks>
public sealed class DeepRewiring
{
    private readonly int[] _index;
    private readonly float[] _theta;
    private readonly sbyte[] _sign;
    private readonly HashSet<int> _active;
    private readonly float[] _slotGradient;
    private readonly float[] _noise;
    private bool _hasSlotGradient;
    private readonly ConnectionSigns _signs;
    private readonly Rng _rng;
    private DeepROptions _options;

    /// <summary>
    /// Starts from the current values of <paramref name="weight"/>: K connections chosen uniformly without replacement
    /// become active with θ = |w| and the weight's sign overridden by <paramref name="signs"/>; every other entry is set to 0.
    /// </summary>
    /// <param name="weight">The dense weight tensor the network uses (e.g. <c>Linear.Weight.Value</c> or a neuron layer's <c>RecurrentWeight</c>).</param>
    /// <param name="activeCount">K, in [0, M].</param>
    /// <param name="signs">Fixed signs; default hashed from a seed drawn from <paramref name="rng"/>.</param>
    public DeepRewiring(Tensor weight, int activeCount, DeepROptions options, Rng rng, ConnectionSigns? signs = null)
        : this(signs ?? ConnectionSigns.Random((rng ?? throw new ArgumentNullException(nameof(rng))).NextUInt64()), weight, activeCount, options, rng)
    {
        int[] chosen = SampleDistinct(weight.Length, activeCount, _rng);
        ReadOnlySpan<float> w = weight.Span;
        for (int slot = 0; slot < chosen.Length; slot++)
        {
            Activate(slot, chosen[slot], MathF.Abs(w[chosen[slot]]));
        }
        WriteWeights();
    }

    private DeepRewiring(ConnectionSigns signs, Tensor weight, int activeCount, DeepROptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(rng);
        DeepROptions.Validated(options);
        if (activeCount < 0 || activeCount > weight.Length)
        {
            ThrowHelper.ThrowArgument($"DEEP R needs 0 ≤ K ≤ M = {weight.Length} ({weight.Name ?? "weight"} {weight.Shape}); got K = {activeCount}.", nameof(activeCount));
        }
        if (signs.Count is int count && count != weight.Length)
        {
            ThrowHelper.ThrowArgument($"DEEP R got {count} signs for {weight.Length} connections ({weight.Name ?? "weight"} {weight.Shape}).", nameof(signs));
        }
        Weight = weight;
        _options = options;
        _rng = rng;
        _signs = signs;
        _index = new int[activeCount];
        _theta = new float[activeCount];
        _sign = new sbyte[activeCount];
        _slotGradient = new float[activeCount];
        _noise = new float[activeCount];
        _active = new HashSet<int>(activeCount);
    }

    /// <summary>
    /// Starts from given parameters θ for all M connections (learning.md §11.5): those with θ ≥ 0 are active, and K is their count.
    /// The dense θ is read once; only the active entries are kept.
    /// </summary>
    public static DeepRewiring FromTheta(Tensor weight, ReadOnlySpan<float> theta, ConnectionSigns signs, DeepROptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(signs);
        if (theta.Length != weight.Length)
        {
            ThrowHelper.ThrowArgument($"DEEP R got {theta.Length} θ values for {weight.Length} connections ({weight.Name ?? "weight"} {weight.Shape}).", nameof(theta));
        }
        int active = 0;
        foreach (float t in theta)
        {
            active += t >= 0f ? 1 : 0;
        }
        var rewiring = new DeepRewiring(signs, weight, active, options, rng);
        int slot = 0;
        for (int k = 0; k < theta.Length; k++)
        {
            if (theta[k] >= 0f)
            {
                rewiring.Activate(slot++, k, theta[k]);
            }
        }
        rewiring.WriteWeights();
        return rewiring;
    }

    /// <summary>The dense weight w the network computes with; DEEP R writes it, and reads its gradient.</summary>
    public Tensor Weight { get; }

    /// <summary>K: the number of active connections, the same after every step.</summary>
    public int ActiveCount => _index.Length;

    /// <summary>Fraction K/M of active connections.</summary>
    public double Density => Weight.Length == 0 ? 0 : (double)ActiveCount / Weight.Length;

    /// <summary>Flat (row-major) indices of the active connections, in storage order.</summary>
    public ReadOnlySpan<int> ActiveIndices => _index;

    /// <summary>θ of the active connections, aligned with <see cref="ActiveIndices"/>; all ≥ 0.</summary>
    public ReadOnlySpan<float> Theta => _theta;

    /// <summary>The update's hyperparameters; set a new value to follow a learning-rate schedule.</summary>
    public DeepROptions Options
    {
        get => _options;
        set => _options = DeepROptions.Validated(value);
    }

    /// <summary>The fixed sign of connection <paramref name="index"/>, active or dormant.</summary>
    public int SignOf(int index) => _signs.Of(index);

    /// <summary>
    /// One DEEP R step from the gradient accumulated since the last step: by <see cref="SparseProduct"/> (O(K), aligned with
    /// the active slots) if it ran, else in <see cref="Weight"/>'s Grad (none: zero gradient). Returns how many connections
    /// were reactivated.
    /// </summary>
    public int Step()
    {
        if (_hasSlotGradient)
        {
            int reactivated = Update(_slotGradient, bySlot: true);
            Array.Clear(_slotGradient);
            _hasSlotGradient = false;
            return reactivated;
        }
        Tensor? grad = Weight.Grad;
        return grad is null ? Step([]) : Step(grad.Span);
    }

    /// <summary>One DEEP R step with ∂E/∂w given densely (length M, or empty for none); returns how many connections were reactivated.</summary>
    public int Step(ReadOnlySpan<float> weightGradient)
    {
        if (weightGradient.Length != 0 && weightGradient.Length != Weight.Length)
        {
            ThrowHelper.ThrowArgument($"DEEP R got a gradient of {weightGradient.Length} values for {Weight.Length} connections.", nameof(weightGradient));
        }
        return Update(weightGradient, bySlot: false);
    }

    /// <summary>Clears the gradient of <see cref="Weight"/> and the sparse one (DEEP R weights are not in the optimizer, so its ZeroGrad misses them).</summary>
    public void ZeroGrad()
    {
        Weight.Grad?.Span.Clear();
        Array.Clear(_slotGradient);
        _hasSlotGradient = false;
    }

    /// <summary>∂E/∂w per active slot, for <see cref="SparseProduct"/>'s backward to accumulate into.</summary>
    internal Span<float> AccumulateSlotGradient()
    {
        _hasSlotGradient = true;
        return _slotGradient;
    }

    /// <summary>w of the active slots (s·θ), aligned with <see cref="ActiveIndices"/>, for <see cref="SparseProduct"/>.</summary>
    internal float SlotWeight(int slot) => _sign[slot] * _theta[slot];

    // The update; the gradient is dense (length M, or empty) or, when bySlot, one value per active slot.
    private int Update(ReadOnlySpan<float> weightGradient, bool bySlot)
    {
        float lr = _options.LearningRate;
        float shrink = lr * _options.L1;
        float noise = _options.NoiseStd;
        Span<float> w = Weight.Span;
        if (noise != 0f)
        {
            _rng.FillNormal(_noise, 0f, noise); // one ν per active connection, drawn in slot order
        }
        int kept = 0;
        for (int slot = 0; slot < _index.Length; slot++)
        {
            int k = _index[slot];
            // ∂E/∂θ = s·∂E/∂w on an active connection.
            float gradient = weightGradient.Length == 0 ? 0f : _sign[slot] * weightGradient[bySlot ? slot : k];
            float theta = _theta[slot] - lr * gradient - shrink;
            if (noise != 0f)
            {
                theta += _noise[slot];
            }
            if (theta >= 0f)
            {
                _index[kept] = k;
                _theta[kept] = theta;
                _sign[kept] = _sign[slot];
                w[k] = _sign[kept] * theta + 0f; // + 0f turns −0 into +0
                kept++;
            }
            else
            {
                _active.Remove(k);
                w[k] = 0f;
            }
        }
        int reactivated = _index.Length - kept;
        for (int slot = kept; slot < _index.Length; slot++)
        {
            int k;
            do
            {
                k = _rng.NextInt(Weight.Length);
            }
            while (_active.Contains(k));
            Activate(slot, k, 0f);
            w[k] = 0f;
        }
        return reactivated;
    }

    private void Activate(int slot, int index, float theta)
    {
        _index[slot] = index;
        _theta[slot] = theta;
        _sign[slot] = (sbyte)_signs.Of(index);
        _active.Add(index);
    }

    // Sets w = s·θ on active entries and 0 elsewhere (once, at the start).
    private void WriteWeights()
    {
        Span<float> w = Weight.Span;
        w.Clear();
        for (int slot = 0; slot < _index.Length; slot++)
        {
            w[_index[slot]] = _sign[slot] * _theta[slot] + 0f;
        }
    }

    // K distinct indices in [0, M), uniformly (Floyd's algorithm: K draws, no O(M) array).
    private static int[] SampleDistinct(int m, int k, Rng rng)
    {
        var chosen = new HashSet<int>(k);
        var order = new List<int>(k);
        for (int j = m - k; j < m; j++)
        {
            int t = rng.NextInt(j + 1);
            int pick = chosen.Add(t) ? t : j;
            if (pick == j)
            {
                chosen.Add(j);
            }
            order.Add(pick);
        }
        return order.ToArray();
    }
}
