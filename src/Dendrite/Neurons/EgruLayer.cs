using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// An EGRU layer: input projection W [3N, in] with bias b_x, recurrent R [3N, N] with bias b_r on the sparse output, trainable
/// per-neuron thresholds clamped to [0, 1]. Output [T, B, N] is the graded event output y = e⊙c (zero where no event).
/// </summary>
public sealed class EgruLayer : NeuronLayer<EgruModel>
{
    public EgruLayer(int inputs, int neurons, Rng rng, EgruParameters? parameters = null)
        : base(inputs, neurons, 3, recurrent: true, rng, bias: true, recurrentBias: true)
    {
        Config = parameters ?? new EgruParameters();
        Thresholds = AddNeuronParameter("threshold", Filled(Config.InitialThreshold), Config.LearnThreshold);
    }

    public EgruParameters Config { get; }

    /// <summary>Per-neuron thresholds ϑ (raw values; the cell clamps them to [0, 1], <see cref="ClampThresholds"/> clamps the storage).</summary>
    public Tensor Thresholds { get; }

    public override EgruModel CreateModel() => new(Config, Mode);

    /// <summary>Clamps the stored thresholds into [0, 1] (call after an optimiser step, as EvNN does).</summary>
    public void ClampThresholds()
    {
        Span<float> values = Thresholds.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Math.Clamp(values[i], 0f, 1f);
        }
    }

    /// <summary>EvNN's optional output trace: trace_t = decay·trace_{t−1} + (1 − decay)·y_t over [T, B, N] (not differentiated).</summary>
    public static float[] Trace(ReadOnlySpan<float> output, int steps, double decay = 0.9)
    {
        int width = output.Length / Math.Max(steps, 1);
        var trace = new float[output.Length];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < width; i++)
            {
                float previous = t == 0 ? 0f : trace[(t - 1) * width + i];
                trace[t * width + i] = (float)(decay * previous + (1 - decay) * output[t * width + i]);
            }
        }
        return trace;
    }
}
