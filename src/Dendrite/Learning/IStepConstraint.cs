namespace Dendrite.Learning;

/// <summary>
/// A constraint an <see cref="Optimizer"/> enforces on every step, e.g. pruning masks: it edits the gradients before the
/// update and the parameters after it, so the constraint holds whatever the update rule (momentum, weight decay, Adam).
/// </summary>
public interface IStepConstraint
{
    /// <summary>Called after the gradients are final and before the update (e.g. zero the gradients of pruned weights).</summary>
    void BeforeStep();

    /// <summary>Called after the update (e.g. set pruned weights back to exactly 0).</summary>
    void AfterStep();
}
