using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>max(x, 0).</summary>
public sealed class Relu : Module
{
    public override Tensor Forward(Tensor input) => Ops.Relu(input);
}

/// <summary>tanh x.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => Ops.Tanh(input);
}

/// <summary>1 / (1 + e⁻ˣ).</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => Ops.Sigmoid(input);
}

/// <summary>[B, ...] → [B, rest].</summary>
public sealed class Flatten : Module
{
    public override Tensor Forward(Tensor input) => Ops.Flatten(input);
}
