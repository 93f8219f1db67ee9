using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>y = x·Wᵀ + b over the last axis (any leading axes, e.g. [T, B, in] → [T, B, out], one GEMM).</summary>
/// <remarks>Initialised as PyTorch's <c>nn.Linear</c>: W and b uniform in ±1/√in.</remarks>
public sealed class Linear : Module
{
    public Linear(int inputs, int outputs, Rng rng, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentNullException.ThrowIfNull(rng);
        Inputs = inputs;
        Outputs = outputs;
        float bound = 1f / MathF.Sqrt(inputs);
        var weight = new Tensor(outputs, inputs);
        Init.Uniform(weight, rng, -bound, bound);
        Weight = RegisterParameter("weight", weight);
        if (bias)
        {
            var biasValue = new Tensor(outputs);
            Init.Uniform(biasValue, rng, -bound, bound);
            Bias = RegisterParameter("bias", biasValue);
        }
    }

    public int Inputs { get; }

    public int Outputs { get; }

    /// <summary>Shape [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>Shape [out], or null.</summary>
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input) => Ops.Linear(input, Weight.Value, Bias?.Value);

    public override string ToString() => $"Linear({Inputs} → {Outputs}{(Bias is null ? ", no bias" : "")})";
}
