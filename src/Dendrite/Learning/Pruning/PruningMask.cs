using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Learning.Pruning;

/// <summary>
/// A 0/1 mask with the shape of one parameter: 1 keeps a weight, 0 prunes it. A new mask keeps everything.
/// </summary>
public sealed class PruningMask
{
    public PruningMask(string name, Parameter parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(parameter);
        Name = name;
        Parameter = parameter;
        Mask = Tensor.Ones(parameter.Shape.ToArray());
        Mask.Name = "mask." + name;
    }

    /// <summary>The qualified parameter name (e.g. "0.weight"); the mask's checkpoint name is "mask." + this.</summary>
    public string Name { get; }

    public Parameter Parameter { get; }

    /// <summary>The mask values: exactly 0 or 1, shaped like <see cref="Parameter"/>.</summary>
    public Tensor Mask { get; }

    /// <summary>Number of weights still kept.</summary>
    public int RemainingCount
    {
        get
        {
            int count = 0;
            foreach (float m in Mask.Span)
            {
                if (m != 0f)
                {
                    count++;
                }
            }
            return count;
        }
    }

    /// <summary>Kept fraction of this parameter.</summary>
    public double Density => Mask.Length == 0 ? 1.0 : (double)RemainingCount / Mask.Length;

    /// <summary>Sets pruned weights to +0 (assigned, not multiplied, so no −0 appears).</summary>
    public void Apply() => ZeroWhereMasked(Parameter.Value.Span);

    /// <summary>Sets the gradient of pruned weights to 0; does nothing when there is no gradient yet.</summary>
    public void ApplyToGradient()
    {
        Tensor? grad = Parameter.Grad;
        if (grad is not null)
        {
            ZeroWhereMasked(grad.Span);
        }
    }

    /// <summary>Replaces the mask with <paramref name="values"/>, which must be 0/1 and shaped like the parameter (loading a checkpoint).</summary>
    public void Load(Tensor values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ThrowHelper.CheckSameShape($"Mask '{Name}'", Mask.Shape, values.Shape, nameof(values));
        foreach (float v in values.Span)
        {
            if (v != 0f && v != 1f)
            {
                ThrowHelper.ThrowArgument($"Mask '{Name}' must hold only 0 and 1; found {v}.", nameof(values));
            }
        }
        values.Span.CopyTo(Mask.Span);
    }

    private void ZeroWhereMasked(Span<float> values)
    {
        ReadOnlySpan<float> mask = Mask.Span;
        for (int i = 0; i < values.Length; i++)
        {
            if (mask[i] == 0f)
            {
                values[i] = 0f;
            }
        }
    }
}
