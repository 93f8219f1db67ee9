using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Learning.EProp;

/// <summary>
/// e-prop's gradient accumulators in double: input [N, in], recurrent [N, N], hidden bias [N], readout [K, N] and
/// readout bias [K]. Learning signals times traces go in every step; <see cref="WriteTo"/> hands them to the parameters.
/// </summary>
internal sealed class EPropGradients
{
    private readonly int _inputs;
    private readonly int _neurons;
    private readonly int _outputs;

    public EPropGradients(int inputs, int neurons, int outputs, bool recurrent, bool bias, bool readoutBias)
    {
        _inputs = inputs;
        _neurons = neurons;
        _outputs = outputs;
        Input = new double[neurons * inputs];
        Recurrent = new double[recurrent ? neurons * neurons : 0];
        Bias = new double[bias ? neurons : 0];
        Readout = new double[outputs * neurons];
        ReadoutBias = new double[readoutBias ? outputs : 0];
    }

    public double[] Input { get; }

    public double[] Recurrent { get; }

    public double[] Bias { get; }

    public double[] Readout { get; }

    public double[] ReadoutBias { get; }

    /// <summary>Values held (for the state size).</summary>
    public long Count => (long)Input.Length + Recurrent.Length + Bias.Length + Readout.Length + ReadoutBias.Length;

    /// <summary>
    /// Adds Σ_b L_bj·trace_bji to the hidden gradients, with L = B·δ (B = W_outᵀ, or <paramref name="feedback"/> [N, K]),
    /// and Σ_b δ_bk·(filtered spikes)_bj, δ_bk·(filtered bias) to the readout's.
    /// </summary>
    /// <param name="traces">Filtered traces [B, N, P] with P = [in | N if recurrent | 1 if bias].</param>
    public void Accumulate(int batch, ReadOnlySpan<double> delta, ReadOnlySpan<double> traces, ReadOnlySpan<double> spikes,
        double filteredBias, ReadOnlySpan<float> readoutWeight, float[]? feedback)
    {
        int neurons = _neurons;
        int outputs = _outputs;
        int p = Presynaptic;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<double> error = delta.Slice(b * outputs, outputs);
            for (int j = 0; j < neurons; j++)
            {
                double signal = 0;
                for (int k = 0; k < outputs; k++)
                {
                    signal += (feedback is null ? readoutWeight[k * neurons + j] : feedback[j * outputs + k]) * error[k];
                }
                AddHidden(j, signal, traces.Slice((b * neurons + j) * p, p));
            }
            for (int k = 0; k < outputs; k++)
            {
                Span<double> g = Readout.AsSpan(k * neurons, neurons);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(spikes.Slice(b * neurons, neurons), error[k], g, g);
                if (ReadoutBias.Length > 0)
                {
                    ReadoutBias[k] += error[k] * filteredBias;
                }
            }
        }
    }

    /// <summary>Adds Σ_b L_bj·trace_bji to the hidden gradients for a learning signal L [B, N] that reaches each neuron
    /// directly (no feedback, no readout term).</summary>
    /// <param name="traces">Traces [B, N, P], P as in <see cref="Accumulate"/>.</param>
    public void AccumulateDirect(int batch, ReadOnlySpan<double> signal, ReadOnlySpan<double> traces)
    {
        int p = Presynaptic;
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < _neurons; j++)
            {
                AddHidden(j, signal[b * _neurons + j], traces.Slice((b * _neurons + j) * p, p));
            }
        }
    }

    /// <summary>Adds the sums to the layers' parameter gradients (float), the recurrent diagonal excepted, and clears them.</summary>
    public void WriteTo(Tensor weight, Tensor? recurrentWeight, Tensor? hiddenBias, Tensor? recurrentBias, LiLayer readout)
    {
        for (int j = 0; j < Recurrent.Length; j += _neurons + 1)
        {
            Recurrent[j] = 0;
        }
        Add(weight, Input);
        Add(recurrentWeight, Recurrent);
        Add(hiddenBias, Bias);
        Add(recurrentBias, Bias);
        Add(readout.Weight, Readout);
        Add(readout.Bias, ReadoutBias);
        Array.Clear(Input);
        Array.Clear(Recurrent);
        Array.Clear(Bias);
        Array.Clear(Readout);
        Array.Clear(ReadoutBias);
    }

    private int Presynaptic => _inputs + (Recurrent.Length > 0 ? _neurons : 0) + (Bias.Length > 0 ? 1 : 0);

    // Neuron j's share: signal times its presynaptic trace row [in | N if recurrent | 1 if bias].
    private void AddHidden(int j, double signal, ReadOnlySpan<double> row)
    {
        if (signal == 0)
        {
            return;
        }
        Span<double> g = Input.AsSpan(j * _inputs, _inputs);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row[.._inputs], signal, g, g);
        if (Recurrent.Length > 0)
        {
            Span<double> r = Recurrent.AsSpan(j * _neurons, _neurons);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row.Slice(_inputs, _neurons), signal, r, r);
        }
        if (Bias.Length > 0)
        {
            Bias[j] += signal * row[^1];
        }
    }

    private static void Add(Tensor? parameter, ReadOnlySpan<double> gradient)
    {
        if (parameter is null || !parameter.RequiresGrad || gradient.IsEmpty)
        {
            return;
        }
        Span<float> g = parameter.GradOrZeros().Span;
        for (int i = 0; i < g.Length; i++)
        {
            g[i] += (float)gradient[i];
        }
    }
}
