namespace Dendrite.Learning.DeepR;

/// <summary>Hyperparameters of a DEEP R or soft DEEP R update (learning.md §2.1).</summary>
/// <param name="LearningRate">η, the step size on θ (≥ 0).</param>
/// <param name="L1">α, the L1 shrinkage applied to active θ each step (≥ 0).</param>
/// <param name="Temperature">T; the Langevin noise per step has standard deviation √(2ηT) (≥ 0; 0 turns the noise off).</param>
public sealed record DeepROptions(float LearningRate, float L1 = 0f, float Temperature = 0f)
{
    /// <summary>Standard deviation of the noise added to θ per step: √(2ηT). The TF code's lr·gdnoise when T = lr·gdnoise²/2.</summary>
    public float NoiseStd => MathF.Sqrt(2f * LearningRate * Temperature);

    /// <summary><paramref name="options"/> itself; throws when it is null or a value is negative or not finite, naming it.</summary>
    public static DeepROptions Validated(DeepROptions? options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(options.LearningRate, nameof(LearningRate));
        Check(options.L1, nameof(L1));
        Check(options.Temperature, nameof(Temperature));
        return options;
    }

    private static void Check(float value, string name)
    {
        if (!(value >= 0f && float.IsFinite(value)))
        {
            ThrowHelper.ThrowArgument($"DEEP R {name} must be finite and ≥ 0; got {value}.", name);
        }
    }
}
