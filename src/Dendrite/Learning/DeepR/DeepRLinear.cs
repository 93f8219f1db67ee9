using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Learning.DeepR;

/// <summary>
/// A linear layer y = x·Wᵀ + b whose weight is a DEEP R matrix with K active connections, computed sparsely
/// (<see cref="SparseProduct"/>): forward, backward and the DEEP R update are all O(rows·K), not O(rows·in·out).
/// </summary>
/// <remarks>
/// The weight is not a <see cref="Parameter"/>: DEEP R owns it, so give the optimizer only the bias and call
/// <see cref="DeepRewiring.ZeroGrad"/> and <see cref="DeepRewiring.Step()"/> on <see cref="Connections"/> each step. The dense
/// mirror of w is registered as the buffer "weight", so checkpoints and exports see the current weights (θ and the active
/// set themselves are not saved).
/// </remarks>
public sealed class DeepRLinear : Module
{
    /// <summary>
    /// Initial w is normal with std √(2/(in·K/M)) (He scaled to the connections a unit actually has), then K connections are
    /// drawn; the bias is uniform in ±1/√in as <see cref="Linear"/>.
    /// </summary>
    public DeepRLinear(int inputs, int outputs, int activeCount, DeepROptions options, Rng rng, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ArgumentNullException.ThrowIfNull(rng);
        var weight = new Tensor(outputs, inputs);
        double density = Math.Max(activeCount, 1) / ((double)inputs * outputs);
        Init.Normal(weight, rng.Fork("weight"), 0f, (float)Math.Sqrt(2.0 / (inputs * density)));
        Connections = new DeepRewiring(weight, activeCount, options, rng.Fork("deepr"));
        RegisterBuffer("weight", weight);
        if (bias)
        {
            var b = new Tensor(outputs);
            float bound = 1f / MathF.Sqrt(inputs);
            Init.Uniform(b, rng.Fork("bias"), -bound, bound);
            Bias = RegisterParameter("bias", b);
        }
    }

    public DeepRewiring Connections { get; }

    /// <summary>Shape [out], or null.</summary>
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input)
    {
        Tensor y = SparseProduct.Linear(input, Connections);
        if (Bias is null)
        {
            return y;
        }
        int outputs = Bias.Value.Length;
        return Ops.AddRowVector(y.Reshape(-1, outputs), Bias.Value).Reshape(y.Shape.ToArray());
    }

    public override string ToString() =>
        $"DeepRLinear({Connections.Weight.Shape[1]} → {Connections.Weight.Shape[0]}, K = {Connections.ActiveCount}{(Bias is null ? ", no bias" : "")})";
}
