using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>A trainable tensor with a name. Its gradient accumulates in <see cref="Tensor.Grad"/> of <see cref="Value"/>.</summary>
public sealed class Parameter
{
    public Parameter(string name, Tensor value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        value.Name ??= name;
        value.RequiresGrad = true;
    }

    /// <summary>The name within the module that registered it (e.g. "weight"); qualified names come from <see cref="Module.NamedParameters"/>.</summary>
    public string Name { get; }

    public Tensor Value { get; }

    public Tensor? Grad => Value.Grad;

    public TensorShape Shape => Value.Shape;

    public override string ToString() => $"Parameter '{Name}' {Shape}";
}
