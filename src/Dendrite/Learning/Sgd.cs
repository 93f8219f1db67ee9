using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Learning;

/// <summary>Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay.</summary>
/// <remarks>
/// PyTorch's <c>torch.optim.SGD</c> update: g ← ∇ + λ·p; b ← μ·b + (1 − τ)·g (b ← g on the first step);
/// g ← g + μ·b with Nesterov, else g ← b; p ← p − η·g.
/// </remarks>
public sealed class Sgd : Optimizer
{
    private readonly Tensor[] _momentum;

    // 1 once a parameter's momentum buffer holds a value (PyTorch starts the buffer at the first gradient);
    // a tensor so checkpoints restore it with the buffers.
    private readonly Tensor _started;

    public Sgd(IEnumerable<Parameter> parameters, float learningRate, float momentum = 0f, float dampening = 0f,
        bool nesterov = false, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        if (nesterov && (momentum <= 0f || dampening != 0f))
        {
            ThrowHelper.ThrowArgument("Nesterov momentum needs momentum > 0 and dampening = 0.", nameof(nesterov));
        }
        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _momentum = ZerosPerParameter();
        _started = new Tensor(Parameters.Count);
    }

    public float Momentum { get; }

    public float Dampening { get; }

    public bool Nesterov { get; }

    public float WeightDecay { get; }

    public override IEnumerable<(string Name, Tensor Tensor)> StateTensors(IReadOnlyList<string> parameterNames) =>
        Momentum == 0f ? [] : [("momentum_started", _started), .. _momentum.Select((m, i) => ("momentum_buffer." + parameterNames[i], m))];

    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
    {
        Span<float> buffer = _momentum[index].Span;
        bool first = _started.Span[index] == 0f;
        _started.Span[index] = 1f;
        for (int i = 0; i < value.Length; i++)
        {
            float g = grad[i] + WeightDecay * value[i];
            if (Momentum != 0f)
            {
                buffer[i] = first ? g : Momentum * buffer[i] + (1f - Dampening) * g;
                g = Nesterov ? g + Momentum * buffer[i] : buffer[i];
            }
            value[i] -= LearningRate * g;
        }
    }
}
