using Dendrite.Tensors;

namespace Dendrite.Learning.DeepR;

/// <summary>
/// Soft DEEP R (Bellec et al. 2018): no fixed K. Every one of the M connections keeps θ_k and a fixed sign; active ones
/// (θ ≥ 0, w = s·θ) follow the gradient and the L1 shrinkage, and all of them random-walk with the Langevin noise,
/// clipped below at θ_min, so dormant connections drift back to activity at random.
/// </summary>
/// <remarks>
/// θ_k ← max(θ_min, θ_k − η·(s_k·∂E/∂w_k + α)·[θ_k ≥ 0] + √(2ηT)·ν_k) (learning.md §2.1). Unlike <see cref="DeepRewiring"/>
/// this is O(M) in memory and time, since dormant parameters move too (§2.2).
/// </remarks>
public sealed class SoftDeepRewiring
{
    private readonly float[] _theta;
    private readonly sbyte[] _sign;
    private readonly Rng _rng;
    private DeepROptions _options;

    /// <param name="weight">The dense weight tensor the network uses; it is overwritten with w = s·θ at once.</param>
    /// <param name="theta">Initial θ for every connection (each ≥ <paramref name="thetaMin"/>).</param>
    /// <param name="signs">Fixed signs, one per connection.</param>
    /// <param name="thetaMin">θ_min &lt; 0: how deep a dormant parameter can sink (the TF script: −(1 − p0)/(p0·α/T)).</param>
    public SoftDeepRewiring(Tensor weight, ReadOnlySpan<float> theta, ConnectionSigns signs, DeepROptions options, float thetaMin, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(signs);
        ArgumentNullException.ThrowIfNull(rng);
        DeepROptions.Validated(options);
        if (theta.Length != weight.Length)
        {
            ThrowHelper.ThrowArgument($"Soft DEEP R got {theta.Length} θ values for {weight.Length} connections ({weight.Name ?? "weight"} {weight.Shape}).", nameof(theta));
        }
        if (!(thetaMin < 0f && float.IsFinite(thetaMin)))
        {
            ThrowHelper.ThrowArgument($"Soft DEEP R needs a finite θ_min < 0; got {thetaMin}.", nameof(thetaMin));
        }
        Weight = weight;
        ThetaMin = thetaMin;
        _options = options;
        _rng = rng;
        _theta = theta.ToArray();
        _sign = new sbyte[theta.Length];
        for (int k = 0; k < _theta.Length; k++)
        {
            if (!(_theta[k] >= thetaMin))
            {
                ThrowHelper.ThrowArgument($"Soft DEEP R θ[{k}] = {_theta[k]} lies below θ_min = {thetaMin}.", nameof(theta));
            }
            _sign[k] = (sbyte)signs.Of(k);
        }
        WriteWeights();
    }

    /// <summary>The dense weight w = s·θ·[θ ≥ 0].</summary>
    public Tensor Weight { get; }

    public float ThetaMin { get; }

    /// <summary>θ of every connection.</summary>
    public ReadOnlySpan<float> Theta => _theta;

    /// <summary>The update's hyperparameters; set a new value to follow a learning-rate schedule.</summary>
    public DeepROptions Options
    {
        get => _options;
        set => _options = DeepROptions.Validated(value);
    }

    /// <summary>Number of connections with θ ≥ 0.</summary>
    public int ActiveCount
    {
        get
        {
            int count = 0;
            foreach (float t in _theta)
            {
                count += t >= 0f ? 1 : 0;
            }
            return count;
        }
    }

    /// <summary>One step from the gradient in <see cref="Weight"/>'s Grad (none: zero gradient).</summary>
    public void Step()
    {
        Tensor? grad = Weight.Grad;
        Step(grad is null ? [] : grad.Span);
    }

    /// <summary>One step with ∂E/∂w given densely (length M, or empty for none).</summary>
    public void Step(ReadOnlySpan<float> weightGradient)
    {
        if (weightGradient.Length != 0 && weightGradient.Length != _theta.Length)
        {
            ThrowHelper.ThrowArgument($"Soft DEEP R got a gradient of {weightGradient.Length} values for {_theta.Length} connections.", nameof(weightGradient));
        }
        float lr = _options.LearningRate;
        float noise = _options.NoiseStd;
        for (int k = 0; k < _theta.Length; k++)
        {
            float theta = _theta[k];
            if (theta >= 0f)
            {
                float gradient = weightGradient.Length == 0 ? 0f : _sign[k] * weightGradient[k];
                theta -= lr * (gradient + _options.L1);
            }
            if (noise != 0f)
            {
                theta += noise * _rng.NextNormal();
            }
            _theta[k] = MathF.Max(ThetaMin, theta);
        }
        WriteWeights();
    }

    private void WriteWeights()
    {
        Span<float> w = Weight.Span;
        for (int k = 0; k < _theta.Length; k++)
        {
            w[k] = _theta[k] >= 0f ? _sign[k] * _theta[k] + 0f : 0f;
        }
    }
}
