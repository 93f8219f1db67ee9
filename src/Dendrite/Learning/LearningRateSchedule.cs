namespace Dendrite.Learning;

/// <summary>A learning rate as a function of the step (or epoch) index, starting at 0.</summary>
public abstract class LearningRateSchedule
{
    public abstract float At(long step);

    /// <summary>Sets <paramref name="optimizer"/>'s learning rate for <paramref name="step"/>.</summary>
    public void Apply(Optimizer optimizer, long step) => optimizer.LearningRate = At(step);
}

/// <summary>η·γ^⌊step / stepSize⌋ (PyTorch <c>StepLR</c>).</summary>
public sealed class StepSchedule(float initial, int stepSize, float gamma = 0.1f) : LearningRateSchedule
{
    public override float At(long step) => initial * MathF.Pow(gamma, step / Math.Max(stepSize, 1));
}

/// <summary>
/// Cosine annealing from <paramref name="initial"/> to <paramref name="minimum"/> over <paramref name="totalSteps"/>
/// (PyTorch <c>CosineAnnealingLR</c> with T_max = totalSteps): η_min + (η − η_min)(1 + cos(π·t/T)) / 2.
/// </summary>
public sealed class CosineSchedule(float initial, long totalSteps, float minimum = 0f) : LearningRateSchedule
{
    public override float At(long step)
    {
        double progress = Math.Min(step, totalSteps) / (double)Math.Max(totalSteps, 1);
        return (float)(minimum + (initial - minimum) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }
}

/// <summary>
/// The one-cycle policy (Smith &amp; Topin 2019; PyTorch <c>OneCycleLR</c>, two phases, cosine annealing):
/// from max/div up to max over the first <paramref name="warmupFraction"/> of the steps, then down to
/// max/(div·finalDiv).
/// </summary>
public sealed class OneCycleSchedule(float maximum, long totalSteps, float warmupFraction = 0.3f,
    float divFactor = 25f, float finalDivFactor = 1e4f) : LearningRateSchedule
{
    public override float At(long step)
    {
        double initial = maximum / divFactor;
        double final = initial / finalDivFactor;
        double warmupEnd = warmupFraction * totalSteps - 1;
        double end = totalSteps - 1;
        if (step <= warmupEnd)
        {
            return (float)Anneal(initial, maximum, warmupEnd <= 0 ? 1 : step / warmupEnd);
        }
        return (float)Anneal(maximum, final, Math.Min(1, (step - warmupEnd) / Math.Max(end - warmupEnd, 1e-12)));
    }

    private static double Anneal(double start, double stop, double fraction) =>
        stop + (start - stop) / 2 * (1 + Math.Cos(Math.PI * fraction));
}
