using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;

namespace Dendrite.Inference;

/// <summary>
/// The deployment path of a trained network: runs it step by step on a stream of inputs (one sample or a batch) and keeps
/// the state between calls. Each projection accumulates only the inputs that are active and the units that spiked, so the
/// cost follows the activity; synaptic operations are counted exactly.
/// </summary>
/// <remarks>
/// Built from <see cref="NeuronLayer{TModel}"/> (LIF, IF, LI, ALIF, ... with or without recurrence) and <see cref="Linear"/>
/// layers; dropout is skipped (inference). Weights are copied when the engine is built: build a new one after training
/// changes them. Gives the same outputs as the layers' <see cref="NeuronLayer{TModel}.ForwardSequence"/>: bit-identical where
/// the training path projects spikes event-driven too, equal to float rounding where it uses the dense GEMM.
/// </remarks>
public sealed class EventInferenceEngine
{
    private readonly InferenceStage[] _stages;
    private StepActivity? _input;
    private long _inputEvents;

    /// <summary>Builds the engine for <paramref name="layers"/> applied in order.</summary>
    /// <exception cref="ArgumentException">A layer type the engine cannot run, or widths that do not chain.</exception>
    public EventInferenceEngine(IEnumerable<Module> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var stages = new List<InferenceStage>();
        int index = 0;
        foreach (Module layer in layers)
        {
            InferenceStage? stage = CreateStage(layer, index);
            if (stage is not null)
            {
                if (stages.Count > 0 && stages[^1].Outputs != stage.Inputs)
                {
                    ThrowHelper.ThrowArgument($"Layer {index} ({layer.GetType().Name}) takes {stage.Inputs} inputs but the layer before gives {stages[^1].Outputs}.", nameof(layers));
                }
                stages.Add(stage);
            }
            index++;
        }
        if (stages.Count == 0)
        {
            ThrowHelper.ThrowArgument("The inference engine needs at least one Linear or neuron layer.", nameof(layers));
        }
        _stages = [.. stages];
    }

    /// <summary>Builds the engine for a trained <see cref="SpikingNetwork"/>.</summary>
    public static EventInferenceEngine For(SpikingNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return new EventInferenceEngine(network.Layers);
    }

    public int Inputs => _stages[0].Inputs;

    public int Outputs => _stages[^1].Outputs;

    /// <summary>Rows in the current batch (0 before the first <see cref="Reset"/>).</summary>
    public int Batch => _input?.Batch ?? 0;

    /// <summary>Steps run since the last <see cref="Reset"/>.</summary>
    public long StepsRun { get; private set; }

    /// <summary>Synaptic operations since the last <see cref="Reset"/>: Σ over projections of active inputs × fan-out (recurrence included).</summary>
    public long SynOps => _stages.Sum(s => s.SynOps);

    /// <summary>Active (non-zero) inputs fed to the first layer since the last <see cref="Reset"/>.</summary>
    public long InputEvents => Interlocked.Read(ref _inputEvents);

    /// <summary>Spikes emitted by the spiking layers since the last <see cref="Reset"/>.</summary>
    public long Spikes => _stages.Where(s => s.Spiking).Sum(s => s.OutputEvents);

    /// <summary>Per layer (skipping dropout): non-zero outputs and SynOps since the last <see cref="Reset"/>.</summary>
    public IReadOnlyList<(int Width, bool Spiking, long Events, long SynOps)> LayerActivity =>
        _stages.Select(s => (s.Outputs, s.Spiking, s.OutputEvents, s.SynOps)).ToArray();

    /// <summary>Zero state for a batch of <paramref name="batch"/> independent streams; clears the counters.</summary>
    public void Reset(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        // A run resets first, so buffers of the same batch are cleared and kept rather than allocated again each run.
        if (_input?.Batch == batch)
        {
            _input.Clear();
        }
        else
        {
            _input = new StepActivity(batch, Inputs);
        }
        foreach (InferenceStage stage in _stages)
        {
            stage.Reset(batch);
        }
        StepsRun = 0;
        _inputEvents = 0;
    }

    /// <summary>One step: input [B, in] (spikes or values) → the last layer's output [B, out]. Resets to zeros on the first call.</summary>
    public Tensor Step(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 2 || input.Shape[1] != Inputs)
        {
            ThrowHelper.ThrowArgument($"EventInferenceEngine.Step expects input [B, {Inputs}]; got {input.Shape}.", nameof(input));
        }
        if (_input is null || _input.Batch != input.Shape[0])
        {
            if (_input is not null && StepsRun > 0)
            {
                ThrowHelper.ThrowArgument($"The stream has {_input.Batch} rows but this step has {input.Shape[0]}; call Reset({input.Shape[0]}) to start new streams.", nameof(input));
            }
            Reset(input.Shape[0]);
        }
        StepActivity x = _input!;
        input.Span.CopyTo(x.Values);
        x.Gather();
        Interlocked.Add(ref _inputEvents, x.ActiveCount);
        foreach (InferenceStage stage in _stages)
        {
            x = stage.Step(x);
        }
        StepsRun++;
        return Tensor.FromArray(x.Values.ToArray(), x.Batch, x.Width);
    }

    /// <summary>
    /// How the last <c>Run</c> computed the first layer's input currents: <see cref="KernelPath.EventDriven"/> or
    /// <see cref="KernelPath.Dense"/> for the whole sequence up front, null when step by step from the active inputs.
    /// </summary>
    public KernelPath? LastInputPath { get; private set; }

    /// <summary>Runs a whole sequence [T, B, in] from a zero state and returns the outputs [T, B, out].</summary>
    public Tensor Run(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 3 || input.Shape[2] != Inputs)
        {
            ThrowHelper.ThrowArgument($"EventInferenceEngine.Run expects input [T, B, {Inputs}]; got {input.Shape}.", nameof(input));
        }
        int batch = input.Shape[1];
        int inputs = Inputs;
        ReadOnlySpan<float> Row(int t, int b) => input.Span.Slice((t * batch + b) * inputs, inputs);
        return Run(input.Shape[0], batch, first => first.PrecomputeCurrents(input),
            (activity, t, b) => activity.GatherRowFrom(b, Row(t, b)));
    }

    /// <summary>
    /// Runs a whole sequence given as events from a zero state and returns the outputs [T, B, out]: the same as
    /// <see cref="Run(Tensor)"/> on its dense form, without building or scanning that.
    /// </summary>
    public Tensor Run(EventSequence input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Inputs != Inputs)
        {
            ThrowHelper.ThrowArgument($"EventInferenceEngine.Run: the network takes {Inputs} inputs; the events are over {input.Inputs}.", nameof(input));
        }
        return Run(input.Steps, input.Batch, first => first.PrecomputeCurrents(input),
            (activity, t, b) => activity.SetRowEvents(b, input.Active(t, b)));
    }

    /// <summary>
    /// A sequence from a zero state: <paramref name="precompute"/> offers the first stage the whole input, and when it
    /// declines <paramref name="feed"/>(first activity, t, b) writes a row's input of step t.
    /// </summary>
    private Tensor Run(int steps, int batch, Func<IPrecomputedCurrents, bool> precompute, Action<StepActivity, int, int> feed)
    {
        Reset(batch);
        var output = new Tensor(steps, batch, Outputs);
        var first = _stages[0] as IPrecomputedCurrents;
        bool precomputed = first is not null && precompute(first);
        LastInputPath = first?.PrecomputedPath;
        if (precomputed)
        {
            _inputEvents = first!.PrecomputedInputEvents;
        }
        // Streams never interact, so each thread runs its rows through every step and layer without waiting for the others.
        int threads = Math.Min(KernelThreads.Count, batch);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
            part => RunRows(steps, output, precomputed ? null : feed, part * batch / threads, (part + 1) * batch / threads));
        first?.ClearPrecomputed();
        StepsRun = steps;
        return output;
    }

    /// <summary>Rows [start, end) through every step and layer; <paramref name="feed"/> null: the first layer needs no input lists.</summary>
    private void RunRows(int steps, Tensor output, Action<StepActivity, int, int>? feed, int start, int end)
    {
        int batch = output.Shape[1];
        StepActivity first = _input!;
        Span<float> y = output.Span;
        long inputEvents = 0;
        // Counted here and added once at the end, so the threads do not contend for the stages' counters every step.
        var counts = new (long SynOps, long Events)[_stages.Length];
        for (int t = 0; t < steps; t++)
        {
            for (int b = start; b < end && feed is not null; b++)
            {
                feed(first, t, b);
                inputEvents += first.Active(b).Length;
            }
            StepActivity activity = first;
            for (int s = 0; s < _stages.Length; s++)
            {
                (long synOps, long events) = _stages[s].StepRange(activity, start, end);
                counts[s].SynOps += synOps;
                counts[s].Events += events;
                activity = _stages[s].Output;
            }
            activity.Values.AsSpan(start * Outputs, (end - start) * Outputs).CopyTo(y.Slice((t * batch + start) * Outputs));
        }
        for (int s = 0; s < _stages.Length; s++)
        {
            _stages[s].Count(counts[s]);
        }
        Interlocked.Add(ref _inputEvents, inputEvents);
    }

    private static InferenceStage? CreateStage(Module layer, int index)
    {
        if (layer is Linear linear)
        {
            return new LinearStage(linear);
        }
        if (layer is Dropout)
        {
            return null;
        }
        for (Type? type = layer.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(NeuronLayer<>))
            {
                Type stage = typeof(NeuronStage<>).MakeGenericType(type.GetGenericArguments());
                return (InferenceStage)Activator.CreateInstance(stage, layer)!;
            }
        }
        ThrowHelper.ThrowArgument($"Layer {index} ({layer.GetType().Name}) cannot run in the inference engine: it runs Linear, Dropout and neuron layers.", nameof(layer));
        return null;
    }
}
