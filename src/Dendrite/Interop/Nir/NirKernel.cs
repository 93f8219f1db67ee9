namespace Dendrite.Interop.Nir;

/// <summary>One node's computation for one time step over a batch, on flat row-major buffers [batch, size].</summary>
internal abstract class NirKernel(int inputSize, int outputSize)
{
    public int InputSize { get; } = inputSize;

    public int OutputSize { get; } = outputSize;

    /// <summary>Internal state worth recording per step (membrane "v", synaptic current "i").</summary>
    public virtual IEnumerable<(string Name, double[] Values)> States => [];

    /// <summary>Clears state for a new sequence of <paramref name="batch"/> samples.</summary>
    public virtual void Reset(int batch)
    {
    }

    public abstract void Step(double[] input, double[] output, int batch);

    public static NirKernel Create(NirPlanNode plan, double dt, NirConvention convention, List<string> notes)
    {
        NirNode node = plan.Node;
        int input = (int)plan.InputShape.Aggregate(1L, (p, d) => p * d);
        int output = (int)plan.OutputShape.Aggregate(1L, (p, d) => p * d);
        return node.Type switch
        {
            "Input" or "Output" or "Flatten" => new PassThrough(input),
            "Affine" or "Linear" => new DenseKernel(node, input, output),
            "Scale" => new ScaleKernel(node.Array("scale").Values),
            "Threshold" => new ThresholdKernel(node.Array("threshold").Values),
            "Delay" => new DelayKernel(node.Array("delay").Values, dt),
            "Conv1d" or "Conv2d" => new ConvolutionKernel(plan),
            "SumPool2d" or "AvgPool2d" => new PoolKernel(plan),
            _ => new NirNeuronKernel(node, output, dt, convention, notes, plan.Path),
        };
    }

    private sealed class PassThrough(int size) : NirKernel(size, size)
    {
        public override void Step(double[] input, double[] output, int batch) => Array.Copy(input, output, batch * OutputSize);
    }

    private sealed class DenseKernel : NirKernel
    {
        private readonly double[] _weight;
        private readonly double[]? _bias;

        public DenseKernel(NirNode node, int inputs, int outputs)
            : base(inputs, outputs)
        {
            NirArray weight = node.Array("weight");
            if (weight.Shape.Length != 2)
            {
                throw new NotSupportedException($"{node.Type} with weight of rank {weight.Shape.Length} (batched weights) is not simulated; only (N_out, N_in).");
            }
            _weight = weight.Values;
            _bias = node.Type == "Affine" ? node.Array("bias").Values : null;
        }

        public override void Step(double[] input, double[] output, int batch)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int o = 0; o < OutputSize; o++)
                {
                    double sum = _bias?[o] ?? 0.0;
                    for (int i = 0; i < InputSize; i++)
                    {
                        sum += _weight[o * InputSize + i] * input[b * InputSize + i];
                    }
                    output[b * OutputSize + o] = sum;
                }
            }
        }
    }

    private sealed class ScaleKernel(double[] scale) : NirKernel(scale.Length, scale.Length)
    {
        public override void Step(double[] input, double[] output, int batch)
        {
            for (int k = 0; k < batch * OutputSize; k++)
            {
                output[k] = scale[k % OutputSize] * input[k];
            }
        }
    }

    private sealed class ThresholdKernel(double[] threshold) : NirKernel(threshold.Length, threshold.Length)
    {
        public override void Step(double[] input, double[] output, int batch)
        {
            for (int k = 0; k < batch * OutputSize; k++)
            {
                output[k] = input[k] > threshold[k % OutputSize] ? 1.0 : 0.0;
            }
        }
    }

    /// <summary>y(t) = x(t − τ): each element is delayed by round(τ/dt) steps; zeros before the first input arrives.</summary>
    private sealed class DelayKernel : NirKernel
    {
        private readonly int[] _steps;
        private readonly List<double[]> _history = [];

        public DelayKernel(double[] delay, double dt)
            : base(delay.Length, delay.Length) => _steps = Array.ConvertAll(delay, d => (int)Math.Min(int.MaxValue, Math.Round(d / dt)));

        public override void Reset(int batch) => _history.Clear();

        public override void Step(double[] input, double[] output, int batch)
        {
            _history.Add((double[])input.Clone());
            int now = _history.Count - 1;
            for (int k = 0; k < batch * OutputSize; k++)
            {
                int past = now - _steps[k % OutputSize];
                output[k] = past >= 0 ? _history[past][k] : 0.0;
            }
        }
    }
}
