using System.Numerics;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Learning;

/// <summary>Adam (Kingma &amp; Ba 2015), and with <see cref="Decoupled"/> AdamW (Loshchilov &amp; Hutter 2019).</summary>
/// <remarks>
/// PyTorch's update: with L2 decay (Adam) g ← ∇ + λ·p; with decoupled decay (AdamW) p ← p·(1 − η·λ) first.
/// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; p ← p − η·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
/// </remarks>
public class Adam : Optimizer
{
    private readonly Tensor[] _firstMoment;
    private readonly Tensor[] _secondMoment;

    public Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<Parameter> parameters, float learningRate, float beta1, float beta2,
        float epsilon, float weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f))
        {
            ThrowHelper.ThrowArgument($"Adam betas must lie in [0, 1); got ({beta1}, {beta2}).", nameof(beta1));
        }
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        _firstMoment = ZerosPerParameter();
        _secondMoment = ZerosPerParameter();
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Epsilon { get; }

    public float WeightDecay { get; }

    /// <summary>True for AdamW: weight decay is applied to the weights, not added to the gradient.</summary>
    public bool Decoupled { get; }

    public override IEnumerable<(string Name, Tensor Tensor)> StateTensors(IReadOnlyList<string> parameterNames)
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            yield return ("exp_avg." + parameterNames[i], _firstMoment[i]);
            yield return ("exp_avg_sq." + parameterNames[i], _secondMoment[i]);
        }
    }

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
    {
        Span<float> m = _firstMoment[index].Span;
        Span<float> v = _secondMoment[index].Span;
        float correction1 = 1f - MathF.Pow(Beta1, StepCount);
        float correction2 = 1f - MathF.Pow(Beta2, StepCount);
        float stepSize = LearningRate / correction1;
        float decay = Decoupled ? 1f - LearningRate * WeightDecay : 1f;
        float l2 = Decoupled ? 0f : WeightDecay;
        float sqrtCorrection2 = MathF.Sqrt(correction2);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The scalar loop's operations in the same order (IEEE sqrt and division, no fused multiply-add), so every
            // lane rounds exactly as the scalar update does; about 10x faster on the 0.8 M parameters of fmnist-lif.
            int width = Vector<float>.Count;
            var beta1 = new Vector<float>(Beta1);
            var beta2 = new Vector<float>(Beta2);
            var oneMinusBeta1 = new Vector<float>(1f - Beta1);
            var oneMinusBeta2 = new Vector<float>(1f - Beta2);
            var step = new Vector<float>(stepSize);
            var decayVector = new Vector<float>(decay);
            var l2Vector = new Vector<float>(l2);
            var sqrtCorrection2Vector = new Vector<float>(sqrtCorrection2);
            var epsilon = new Vector<float>(Epsilon);
            for (; i <= value.Length - width; i += width)
            {
                var p = new Vector<float>(value[i..]);
                Vector<float> g = new Vector<float>(grad[i..]) + l2Vector * p;
                Vector<float> mi = beta1 * new Vector<float>(m[i..]) + oneMinusBeta1 * g;
                Vector<float> vi = beta2 * new Vector<float>(v[i..]) + oneMinusBeta2 * g * g;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                (p * decayVector - step * mi / (Vector.SquareRoot(vi) / sqrtCorrection2Vector + epsilon)).CopyTo(value[i..]);
            }
        }
        for (; i < value.Length; i++)
        {
            float g = grad[i] + l2 * value[i];
            m[i] = Beta1 * m[i] + (1f - Beta1) * g;
            v[i] = Beta2 * v[i] + (1f - Beta2) * g * g;
            value[i] = value[i] * decay - stepSize * m[i] / (MathF.Sqrt(v[i]) / sqrtCorrection2 + Epsilon);
        }
    }
}

/// <summary>AdamW: Adam with decoupled weight decay (default λ = 0.01, as PyTorch).</summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0.01f)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
