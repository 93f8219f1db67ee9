using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Learning;

/// <summary>
/// Updates parameters from their gradients. Per-parameter state (momenta) is kept in tensors that
/// <see cref="StateTensors"/> names, so checkpoints can save and restore it exactly.
/// </summary>
public abstract class Optimizer
{
    private readonly List<IStepConstraint> _constraints = [];

    protected Optimizer(IEnumerable<Parameter> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
        {
            ThrowHelper.ThrowArgument("The optimizer got no parameters.", nameof(parameters));
        }
        if (!(learningRate >= 0f))
        {
            ThrowHelper.ThrowArgument($"Learning rate must be ≥ 0; got {learningRate}.", nameof(learningRate));
        }
        LearningRate = learningRate;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The current learning rate; schedules set it before each step.</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of completed steps.</summary>
    public long StepCount { get; set; }

    /// <summary>Clears every parameter's gradient (keeps the buffers for reuse).</summary>
    public void ZeroGrad()
    {
        foreach (Parameter parameter in Parameters)
        {
            parameter.Grad?.Span.Clear();
        }
    }

    /// <summary>Enforces <paramref name="constraint"/> on every later step (e.g. a <see cref="Pruning.Pruner"/>'s masks), after those added before.</summary>
    public void AddConstraint(IStepConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        _constraints.Add(constraint);
    }

    /// <summary>
    /// Applies one update from the current gradients; parameters without a gradient are left alone. Constraints see the
    /// gradients before the update and the parameters after it.
    /// </summary>
    public void Step()
    {
        foreach (IStepConstraint constraint in _constraints)
        {
            constraint.BeforeStep();
        }
        StepCount++;
        for (int i = 0; i < Parameters.Count; i++)
        {
            Tensor? grad = Parameters[i].Grad;
            if (grad is not null)
            {
                Update(i, Parameters[i].Value.Span, grad.Span);
            }
        }
        foreach (IStepConstraint constraint in _constraints)
        {
            constraint.AfterStep();
        }
    }

    /// <summary>The optimizer's state tensors with stable names (e.g. "exp_avg.0.weight"), for checkpoints.</summary>
    public abstract IEnumerable<(string Name, Tensor Tensor)> StateTensors(IReadOnlyList<string> parameterNames);

    /// <summary>Updates parameter <paramref name="index"/> in place from its gradient.</summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> grad);

    /// <summary>One zero state tensor per parameter, shaped like it.</summary>
    protected Tensor[] ZerosPerParameter() => Parameters.Select(p => new Tensor(p.Shape)).ToArray();
}
