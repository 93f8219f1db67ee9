using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Inference;

/// <summary>
/// A <see cref="NeuronLayer{TModel}"/> run one step at a time: its input projection and recurrence accumulate only the
/// active inputs and the units that spiked on the previous step, then every neuron takes the model's step.
/// </summary>
/// <remarks>
/// Mirrors the training path's fused kernel (<see cref="NeuronSequence"/>) exactly: feed-forward and recurrent currents are
/// kept apart in float and meet in the model's double-precision step, and the state is stored as float between steps.
/// </remarks>
internal sealed class NeuronStage<TModel> : InferenceStage, IPrecomputedCurrents
    where TModel : struct, INeuronModel
{
    private readonly TModel _model;
    private readonly int _neurons;
    private readonly int _width;
    private readonly float[] _weightTransposed;
    private readonly float[]? _bias;
    private readonly float[]? _recurrentTransposed;
    private readonly float[]? _recurrentBias;
    private readonly double[] _parameters;
    private readonly IStepKernel? _kernel;
    private float[] _state = [];
    private float[] _currents = [];
    private readonly float[] _zeros;
    private readonly SequenceCurrents _sequence;
    private bool _precomputed;
    private int[] _rowStep = [];

    public NeuronStage(NeuronLayer<TModel> layer)
    {
        _model = layer.CreateModel();
        _neurons = layer.Neurons;
        _width = _model.Currents * _neurons;
        Inputs = layer.Inputs;
        _weightTransposed = MatrixTranspose.Of(layer.Weight.Span, _width, Inputs);
        _sequence = new SequenceCurrents(layer.Weight.Detach().Clone(), layer.Bias?.Detach().Clone(), _weightTransposed);
        _bias = layer.Bias?.ToArray();
        _recurrentTransposed = layer.RecurrentWeight is { } w ? MatrixTranspose.Of(w.Span, _width, _neurons) : null;
        _recurrentBias = layer.RecurrentBias?.ToArray();
        _parameters = NeuronOps.ExpandParameters(layer.NeuronParameters, _neurons);
        Spiking = layer is not LiLayer;
        _zeros = new float[_width];
        _kernel = (IStepKernel?)LifStepKernel.For(layer, _parameters, _neurons) ?? LiStepKernel.For(layer, _parameters, _neurons);
    }

    public override int Inputs { get; }

    public override int Outputs => _neurons;

    public override bool Spiking { get; }

    protected override void ResetState(int batch)
    {
        if (_rowStep.Length == batch)
        {
            // Every step writes a row's currents before reading them, so only the state and the step counts need zeros.
            Array.Clear(_state);
            Array.Clear(_rowStep);
        }
        else
        {
            _state = new float[batch * _neurons * _model.StateSize];
            // Per row: feed-forward then recurrent currents.
            _currents = new float[batch * 2 * _width];
            _rowStep = new int[batch];
        }
        _precomputed = false;
    }

    /// <summary>
    /// For a whole sequence known in advance [T, B, in]: when its inputs are not sparse spikes (above
    /// <see cref="SpikeProjection.EventDrivenMaxActivity"/> active, or not binary), computes the feed-forward currents of
    /// every step up front (<see cref="SequenceCurrents"/>, tiled event-driven or one GEMM, <see cref="PrecomputedPath"/>),
    /// which beats accumulating rows step by step at that density.
    /// </summary>
    public bool PrecomputeCurrents(Tensor input)
    {
        ClearPrecomputed();
        if (!SequenceCurrents.DenserThanEvents(input))
        {
            return false;
        }
        _sequence.Compute(input);
        return Precomputed();
    }

    /// <summary>The same for events: precomputed above <see cref="SpikeProjection.EventDrivenMaxActivity"/> active.</summary>
    public bool PrecomputeCurrents(EventSequence input)
    {
        ClearPrecomputed();
        if (input.Count <= SpikeProjection.EventDrivenMaxActivity * input.Steps * input.Batch * (double)input.Inputs)
        {
            return false;
        }
        _sequence.Compute(input);
        return Precomputed();
    }

    private bool Precomputed()
    {
        _precomputed = true;
        PrecomputedPath = _sequence.Path;
        return true;
    }

    public void ClearPrecomputed()
    {
        _precomputed = false;
        PrecomputedPath = null;
    }

    public KernelPath? PrecomputedPath { get; private set; }

    public long PrecomputedInputEvents => _sequence.InputEvents;

    protected override long StepRows(StepActivity input, int start, int end)
    {
        int k = _model.Currents;
        int stateSize = _model.StateSize;
        int parameterCount = _model.ParameterCount;
        Span<double> p = stackalloc double[Math.Max(parameterCount, 1)];
        Span<double> ff = stackalloc double[k];
        Span<double> rec = stackalloc double[k];
        Span<double> s = stackalloc double[stateSize];
        Span<double> sNew = stackalloc double[stateSize];
        long synOps = 0;
        // Per row: feed-forward currents at b·2·width, recurrent ones right after. The recurrence reads every row's previous
        // spikes before any row's step below overwrites them.
        if (!_precomputed)
        {
            synOps += EventAccumulator.Rows(input, start, end, _weightTransposed, _bias, _width, _currents.AsSpan(start * 2 * _width), 2 * _width);
        }
        if (_recurrentTransposed is not null)
        {
            synOps += EventAccumulator.Rows(Output, start, end, _recurrentTransposed, _recurrentBias, _width, _currents.AsSpan((start * 2 + 1) * _width), 2 * _width);
        }
        for (int b = start; b < end; b++)
        {
            ReadOnlySpan<float> ffRow = _currents.AsSpan(b * 2 * _width, _width);
            Span<float> recRow = _currents.AsSpan((b * 2 + 1) * _width, _width);
            if (_precomputed)
            {
                // SynOps count the network's activity, whichever kernel did the work.
                int at = _rowStep[b] * input.Batch + b;
                ffRow = _sequence.Row(at);
                synOps += (long)_sequence.ActiveInputs(at) * _width;
            }
            _rowStep[b]++;
            Span<float> y = Output.Values.AsSpan(b * _neurons, _neurons);
            if (_kernel is not null)
            {
                Output.SetActiveCount(b, _kernel.Step(ffRow, _recurrentTransposed is null ? _zeros : recRow,
                    _state.AsSpan(b * _neurons, _neurons), y, Output.ListBuffer(b)));
                continue;
            }
            for (int n = 0; n < _neurons; n++)
            {
                for (int i = 0; i < parameterCount; i++)
                {
                    p[i] = _parameters[i * _neurons + n];
                }
                for (int c = 0; c < k; c++)
                {
                    ff[c] = ffRow[c * _neurons + n];
                    rec[c] = _recurrentTransposed is null ? 0.0 : recRow[c * _neurons + n];
                }
                Span<float> state = _state.AsSpan((b * _neurons + n) * stateSize, stateSize);
                for (int j = 0; j < stateSize; j++)
                {
                    s[j] = state[j];
                }
                double output = _model.Step(p, ff, rec, s, sNew);
                for (int j = 0; j < stateSize; j++)
                {
                    state[j] = (float)sNew[j];
                }
                y[n] = (float)output;
            }
            Output.GatherRow(b);
        }
        return synOps;
    }
}
