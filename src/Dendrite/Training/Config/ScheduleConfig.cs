namespace Dendrite.Training.Config;

/// <summary>
/// The <c>schedule:</c> section (learning-rate schedule). Only the keys of the chosen schedule are accepted:
/// step: <c>step_size</c>, <c>gamma</c>; cosine: <c>min_lr</c>; one_cycle: <c>max_lr</c>, <c>warmup_fraction</c>;
/// linear: <c>end_factor</c>. Schedules that span the run (cosine, one_cycle, linear) span all optimizer steps.
/// </summary>
public sealed record ScheduleConfig
{
    /// <summary><c>name</c>: none|step|cosine|one_cycle|linear. Default none (constant lr).</summary>
    public ScheduleKind Name { get; init; } = ScheduleKind.None;

    /// <summary><c>step_size</c>: epochs between decays (step). Default 10.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary><c>gamma</c>: decay factor per step (step), in (0, 1]. Default 0.1.</summary>
    public double Gamma { get; init; } = 0.1;

    /// <summary><c>min_lr</c>: floor of the cosine (cosine). Default 0.</summary>
    public double MinLearningRate { get; init; }

    /// <summary><c>max_lr</c>: the peak (one_cycle). Default null: optimizer.lr.</summary>
    public double? MaxLearningRate { get; init; }

    /// <summary><c>warmup_fraction</c>: fraction of steps rising to the peak (one_cycle), in [0, 1). Default 0.3.</summary>
    public double WarmupFraction { get; init; } = 0.3;

    /// <summary><c>end_factor</c>: lr at the end as a fraction of optimizer.lr (linear; BRF's linear decay). Default 0.</summary>
    public double EndFactor { get; init; }
}
