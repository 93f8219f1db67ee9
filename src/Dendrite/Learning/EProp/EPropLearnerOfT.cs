using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Learning.EProp;

/// <summary>
/// e-prop for a layer of <typeparamref name="TModel"/> neurons and a leaky-integrator readout, in double precision.
/// The hidden layer runs the model's own step (same dynamics as <see cref="NeuronLayer{TModel}"/>); the readout
/// is y^t = κ·y^{t−1} + c·(W_out·z^t + b).
/// </summary>
/// <remarks>
/// Presynaptic activity per sample is [x^t (in) | z^{t−1} (N, recurrent layers) | 1 (layers with a bias)]; recurrent
/// spikes enter as inputs, with no gradient through them (the e-prop approximation). The traces follow every path
/// inside a neuron that the model's backward follows: adaptation, and the reset unless the layer detaches it. Bellec's
/// traces always drop the reset path; here it is kept when the model keeps it, which is still neuron-local.
/// With no recurrent weights, symmetric feedback and the readout's κ, the gradient equals BPTT's (learning.md §11.2).
/// As in Bellec's code, the recurrent diagonal is set to zero and kept there: a self-connection is a path inside the
/// neuron that the traces treat as an outside input, so its e-prop gradient would be wrong.
/// </remarks>
public sealed class EPropLearner<TModel> : IEPropLearner
    where TModel : struct, INeuronModel
{
    private readonly NeuronLayer<TModel> _hidden;
    private readonly LiLayer _readout;
    private readonly TModel _model;
    private readonly LiModel _readoutModel;
    private readonly double[] _parameters;
    private readonly double[] _readoutParameters;
    private readonly double _decay;
    private readonly double _gain;
    private readonly float[]? _feedback;
    private readonly bool _recurrent;
    private readonly bool _bias;
    private readonly int _presynaptic;
    private readonly int _stateSize;
    private readonly EligibilityTraces _traces;
    private readonly EPropGradients _gradients;
    private double[] _state = [];
    private double[] _spikes = [];
    private double[] _previous = [];
    private double[] _pre = [];
    private double[] _output = [];
    private double[] _filteredSpikes = [];
    private double[] _windowSpikes = [];
    private double _filteredBias;
    private double _windowBias;
    private int _batch;

    /// <param name="hidden">The spiking layer; its weights are read every step, so updates between steps take effect.
    /// Its recurrent diagonal is set to zero.</param>
    /// <param name="readout">The LI readout; every readout neuron must share one time constant (the traces use its κ).</param>
    public EPropLearner(NeuronLayer<TModel> hidden, LiLayer readout, EPropFeedback feedback, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(readout);
        ArgumentNullException.ThrowIfNull(rng);
        _hidden = hidden;
        _readout = readout;
        _model = hidden.CreateModel();
        _readoutModel = readout.CreateModel();
        if (_model.Currents != 1)
        {
            ThrowHelper.ThrowArgument($"e-prop needs one input current per neuron; {typeof(TModel).Name} has {_model.Currents}.", nameof(hidden));
        }
        if (readout.Inputs != hidden.Neurons)
        {
            ThrowHelper.ThrowArgument($"The readout takes {readout.Inputs} inputs but the hidden layer has {hidden.Neurons} neurons.", nameof(readout));
        }
        Inputs = hidden.Inputs;
        Neurons = hidden.Neurons;
        Outputs = readout.Neurons;
        _stateSize = _model.StateSize;
        _recurrent = hidden.RecurrentWeight is not null;
        _bias = hidden.Bias is not null || hidden.RecurrentBias is not null;
        _presynaptic = Inputs + (_recurrent ? Neurons : 0) + (_bias ? 1 : 0);
        _parameters = NeuronOps.ExpandParameters(hidden.NeuronParameters, Neurons);
        _readoutParameters = NeuronOps.ExpandParameters(readout.NeuronParameters, Outputs);
        (_decay, _gain) = ReadoutFilter();
        if (feedback == EPropFeedback.Random)
        {
            _feedback = new float[Neurons * Outputs];
            rng.FillNormal(_feedback, 0f, 1f / MathF.Sqrt(Neurons));
        }
        if (hidden.RecurrentWeight is { } recurrentWeight)
        {
            Span<float> w = recurrentWeight.Span;
            for (int j = 0; j < Neurons; j++)
            {
                w[j * Neurons + j] = 0f;
            }
        }
        _traces = new EligibilityTraces(Neurons, _stateSize, _presynaptic);
        _gradients = new EPropGradients(Inputs, Neurons, Outputs, _recurrent, _bias, readout.Bias is not null);
    }

    public int Inputs { get; }

    public int Neurons { get; }

    public int Outputs { get; }

    /// <summary>The readout's decay κ and input gain c (y = κ·y + c·I).</summary>
    public (double Decay, double Gain) Filter => (_decay, _gain);

    public long StateBytes => sizeof(double) * ((long)_traces.Batch * Neurons * _presynaptic * (_stateSize + EligibilityTraces.Buffers)
        + _state.Length + _spikes.Length + _previous.Length + _pre.Length + _output.Length + _filteredSpikes.Length + _windowSpikes.Length
        + _gradients.Count);

    public ReadOnlySpan<double> Output => _output;

    public ReadOnlySpan<double> Spikes => _spikes;

    /// <summary>This step's (unfiltered) eligibility traces e^t [B, N, P], for checking the factorisation.</summary>
    public ReadOnlySpan<double> Trace => _traces.Trace;

    /// <summary>Accumulated gradient of the input weight [N, in] (cleared by <see cref="WriteGradients"/>).</summary>
    public ReadOnlySpan<double> InputWeightGradient => _gradients.Input;

    /// <summary>Accumulated gradient of the recurrent weight [N, N], empty without recurrence.</summary>
    public ReadOnlySpan<double> RecurrentWeightGradient => _gradients.Recurrent;

    /// <summary>Accumulated gradient of the hidden bias [N] (both biases get it), empty without one.</summary>
    public ReadOnlySpan<double> BiasGradient => _gradients.Bias;

    /// <summary>Accumulated gradient of the readout weight [K, N].</summary>
    public ReadOnlySpan<double> ReadoutWeightGradient => _gradients.Readout;

    /// <summary>Accumulated gradient of the readout bias [K], empty without one.</summary>
    public ReadOnlySpan<double> ReadoutBiasGradient => _gradients.ReadoutBias;

    public void Reset(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (batch != _batch)
        {
            _state = new double[batch * Neurons * _stateSize];
            _spikes = new double[batch * Neurons];
            _previous = new double[batch * Neurons];
            _pre = new double[_presynaptic];
            _output = new double[batch * Outputs];
            _filteredSpikes = new double[batch * Neurons];
            _windowSpikes = new double[batch * Neurons];
            _batch = batch;
        }
        else
        {
            Array.Clear(_state);
            Array.Clear(_spikes);
            Array.Clear(_previous);
            Array.Clear(_output);
            Array.Clear(_filteredSpikes);
            Array.Clear(_windowSpikes);
        }
        _filteredBias = 0;
        _windowBias = 0;
        _traces.Reset(batch);
    }

    public void Step(ReadOnlySpan<float> input)
    {
        if (_batch == 0)
        {
            throw new InvalidOperationException("Call Reset(batch) before the first Step.");
        }
        if (input.Length != _batch * Inputs)
        {
            ThrowHelper.ThrowArgument($"e-prop step expects input [{_batch}, {Inputs}]; got {input.Length} values.", nameof(input));
        }
        (_previous, _spikes) = (_spikes, _previous);
        int size = _stateSize;
        int parameterCount = _model.ParameterCount;
        Span<double> p = stackalloc double[parameterCount];
        Span<double> jacobian = stackalloc double[(size + 1) * size];
        Span<double> currentDerivative = stackalloc double[size + 1];
        Span<double> scratch = stackalloc double[2 * size + 2 + parameterCount];
        Span<double> next = stackalloc double[size];
        ReadOnlySpan<double> noRecurrence = [0.0];
        for (int b = 0; b < _batch; b++)
        {
            ReadOnlySpan<float> x = input.Slice(b * Inputs, Inputs);
            FillPresynaptic(x, _previous.AsSpan(b * Neurons, Neurons));
            for (int j = 0; j < Neurons; j++)
            {
                for (int m = 0; m < parameterCount; m++)
                {
                    p[m] = _parameters[m * Neurons + j];
                }
                double current = Current(j);
                Span<double> s = _state.AsSpan((b * Neurons + j) * size, size);
                LocalJacobian.Compute(_model, p, current, s, jacobian, currentDerivative, scratch);
                double z = _model.Step(p, [current], noRecurrence, s, next);
                next.CopyTo(s);
                _traces.Advance(b, j, _pre, jacobian, currentDerivative, _decay, _gain);
                _spikes[b * Neurons + j] = z;
                _filteredSpikes[b * Neurons + j] = _decay * _filteredSpikes[b * Neurons + j] + _gain * z;
            }
            StepReadout(b);
        }
        _filteredBias = _decay * _filteredBias + _gain;
    }

    public void AccumulateSignal(ReadOnlySpan<double> outputGradient) =>
        Accumulate(outputGradient, _traces.Filtered, _filteredSpikes, _filteredBias);

    public void AccumulateWindow(double weight)
    {
        _traces.AddToWindow(weight);
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_filteredSpikes, weight, _windowSpikes, _windowSpikes);
        _windowBias += weight * _filteredBias;
    }

    public void AccumulateWindowSignal(ReadOnlySpan<double> scoreGradient) =>
        Accumulate(scoreGradient, _traces.Window, _windowSpikes, _windowBias);

    public void AccumulateCountSignal(ReadOnlySpan<double> countGradient)
    {
        if (countGradient.Length != _batch * Neurons)
        {
            ThrowHelper.ThrowArgument($"The spike-count gradient must be [{_batch}, {Neurons}]; got {countGradient.Length} values.", nameof(countGradient));
        }
        _gradients.AccumulateDirect(_batch, countGradient, _traces.Sum);
    }

    public void WriteGradients() =>
        _gradients.WriteTo(_hidden.Weight, _hidden.RecurrentWeight, _hidden.Bias, _hidden.RecurrentBias, _readout);

    private void Accumulate(ReadOnlySpan<double> delta, ReadOnlySpan<double> traces, ReadOnlySpan<double> spikes, double bias)
    {
        if (delta.Length != _batch * Outputs)
        {
            ThrowHelper.ThrowArgument($"The output gradient must be [{_batch}, {Outputs}]; got {delta.Length} values.", nameof(delta));
        }
        _gradients.Accumulate(_batch, delta, traces, spikes, bias, _readout.Weight.Span, _feedback);
    }

    private void FillPresynaptic(ReadOnlySpan<float> x, ReadOnlySpan<double> previousSpikes)
    {
        for (int i = 0; i < Inputs; i++)
        {
            _pre[i] = x[i];
        }
        if (_recurrent)
        {
            previousSpikes.CopyTo(_pre.AsSpan(Inputs));
        }
        if (_bias)
        {
            _pre[_presynaptic - 1] = 1.0;
        }
    }

    // The neuron's input current: W·x + W_rec·z^{t−1} + biases, from the presynaptic row.
    private double Current(int neuron)
    {
        double current = 0;
        ReadOnlySpan<float> w = _hidden.Weight.Span.Slice(neuron * Inputs, Inputs);
        for (int i = 0; i < Inputs; i++)
        {
            current += w[i] * _pre[i];
        }
        if (_recurrent)
        {
            ReadOnlySpan<float> r = _hidden.RecurrentWeight!.Span.Slice(neuron * Neurons, Neurons);
            for (int m = 0; m < Neurons; m++)
            {
                current += r[m] * _pre[Inputs + m];
            }
        }
        current += _hidden.Bias is null ? 0.0 : _hidden.Bias.Span[neuron];
        current += _hidden.RecurrentBias is null ? 0.0 : _hidden.RecurrentBias.Span[neuron];
        return current;
    }

    private void StepReadout(int b)
    {
        ReadOnlySpan<float> w = _readout.Weight.Span;
        ReadOnlySpan<double> z = _spikes.AsSpan(b * Neurons, Neurons);
        ReadOnlySpan<double> noRecurrence = [0.0];
        Span<double> next = stackalloc double[1];
        for (int k = 0; k < Outputs; k++)
        {
            double current = _readout.Bias is null ? 0.0 : _readout.Bias.Span[k];
            ReadOnlySpan<float> row = w.Slice(k * Neurons, Neurons);
            for (int j = 0; j < Neurons; j++)
            {
                current += row[j] * z[j];
            }
            _readoutModel.Step([_readoutParameters[k]], [current], noRecurrence, [_output[b * Outputs + k]], next);
            _output[b * Outputs + k] = next[0];
        }
    }

    // κ and c from the readout model's own VJP (dy'/dy and dy'/dI); the traces need one κ for all readout neurons.
    private (double Decay, double Gain) ReadoutFilter()
    {
        Span<double> gS = stackalloc double[1];
        Span<double> gFf = stackalloc double[1];
        Span<double> gRec = stackalloc double[1];
        Span<double> gP = stackalloc double[1];
        (double Decay, double Gain) first = default;
        for (int k = 0; k < Outputs; k++)
        {
            _readoutModel.Backward([_readoutParameters[k]], [0.0], [0.0], [0.0], 1.0, [0.0], gS, gFf, gRec, gP);
            if (k == 0)
            {
                first = (gS[0], gFf[0]);
            }
            else if (gS[0] != first.Decay || gFf[0] != first.Gain)
            {
                ThrowHelper.ThrowArgument($"e-prop filters its traces with the readout's decay, so all readout neurons need the same time constant; neuron 0 has κ = {first.Decay}, neuron {k} has {gS[0]}.", "readout");
            }
        }
        return first;
    }
}
