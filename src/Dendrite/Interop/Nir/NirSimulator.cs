namespace Dendrite.Interop.Nir;

/// <summary>One recorded quantity over a run: values [T, B, ...<see cref="Shape"/>], row-major.</summary>
public sealed record NirTrace(string Name, int Steps, int Batch, long[] Shape, float[] Values);

/// <summary>
/// Runs a NIR graph step by step with an explicit dt (NIR stores none) under a <see cref="NirConvention"/>: nodes in
/// topological order, cycle-closing edges delayed by one step (recurrence), fan-in summed. Records every node's output
/// ("name.out") and the membrane ("name.v") and synaptic current ("name.i") of every neuron node.
/// </summary>
public sealed class NirSimulator
{
    private readonly IReadOnlyList<NirPlanNode> _plan;
    private readonly NirKernel[] _kernels;
    private readonly List<string> _notes = [];
    private readonly int _input;
    private readonly int[] _outputs;

    /// <exception cref="NirFormatException">The graph is inconsistent, or does not have exactly one top-level Input.</exception>
    public NirSimulator(NirGraph graph, double dt, NirConvention convention = NirConvention.SnnTorch, string source = "graph")
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be a positive number of seconds.");
        }
        _plan = NirTopology.Plan(graph, source);
        int[] inputs = Enumerable.Range(0, _plan.Count).Where(i => _plan[i].IsPort && _plan[i].Node.Type == "Input").ToArray();
        if (inputs.Length != 1)
        {
            throw new NirFormatException(source, null, $"the graph has {inputs.Length} top-level Input nodes; a run feeds exactly one.");
        }
        _input = inputs[0];
        _outputs = Enumerable.Range(0, _plan.Count).Where(i => _plan[i].IsPort && _plan[i].Node.Type == "Output").ToArray();
        _kernels = new NirKernel[_plan.Count];
        for (int i = 0; i < _plan.Count; i++)
        {
            try
            {
                _kernels[i] = NirKernel.Create(_plan[i], dt, convention, _notes);
            }
            catch (NotSupportedException error)
            {
                throw new NirFormatException(source, _plan[i].Path, error.Message, error);
            }
        }
    }

    /// <summary>What the convention ignores or changes in this graph (reported, never silent).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The shape one step of one sample must have.</summary>
    public long[] InputShape => _plan[_input].OutputShape;

    /// <summary>The Output nodes' paths, in order.</summary>
    public IReadOnlyList<string> OutputNames => _outputs.Select(i => _plan[i].Path).ToArray();

    /// <summary>Runs <paramref name="input"/> [T, B, ...InputShape] and returns every trace.</summary>
    public IReadOnlyList<NirTrace> Run(ReadOnlySpan<float> input, int steps, int batch)
    {
        int width = _kernels[_input].OutputSize;
        if (input.Length != (long)steps * batch * width)
        {
            ThrowHelper.ThrowArgument($"The input holds {input.Length} values; {steps} steps × {batch} samples × {width} inputs need {(long)steps * batch * width}.", nameof(input));
        }
        int n = _plan.Count;
        var current = new double[n][];
        var previous = new double[n][];
        var traces = new List<(string Name, long[] Shape, Func<double[]> Values, float[] Record, int Width)>();
        for (int i = 0; i < n; i++)
        {
            NirKernel kernel = _kernels[i];
            kernel.Reset(batch);
            current[i] = new double[batch * kernel.OutputSize];
            previous[i] = new double[batch * kernel.OutputSize];
            int k = i;
            int size = kernel.OutputSize;
            traces.Add(($"{_plan[i].Path}.out", _plan[i].OutputShape, () => current[k], new float[(long)steps * batch * size], size));
            foreach ((string name, double[] _) in kernel.States)
            {
                string stateName = name;
                traces.Add(($"{_plan[i].Path}.{name}", _plan[i].OutputShape, () => _kernels[k].States.First(s => s.Name == stateName).Values, new float[(long)steps * batch * size], size));
            }
        }
        var sum = new double[n][];
        for (int i = 0; i < n; i++)
        {
            sum[i] = new double[batch * _kernels[i].InputSize];
        }
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++)
            {
                Array.Copy(current[i], previous[i], current[i].Length);
            }
            for (int i = 0; i < n; i++)
            {
                if (i == _input)
                {
                    for (int k = 0; k < batch * width; k++)
                    {
                        current[i][k] = input[t * batch * width + k];
                    }
                    continue;
                }
                double[] x = sum[i];
                Array.Clear(x);
                foreach (int source in _plan[i].Inputs)
                {
                    Accumulate(x, current[source]);
                }
                foreach (int source in _plan[i].RecurrentInputs)
                {
                    Accumulate(x, previous[source]);
                }
                _kernels[i].Step(x, current[i], batch);
            }
            foreach ((_, _, Func<double[]> values, float[] record, int size) in traces)
            {
                double[] now = values();
                for (int k = 0; k < batch * size; k++)
                {
                    record[(long)t * batch * size + k] = (float)now[k];
                }
            }
        }
        return traces.Select(r => new NirTrace(r.Name, steps, batch, r.Shape, r.Record)).ToArray();
    }

    private static void Accumulate(double[] into, double[] values)
    {
        for (int k = 0; k < into.Length; k++)
        {
            into[k] += values[k];
        }
    }
}
