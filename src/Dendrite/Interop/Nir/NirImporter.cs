using System.Globalization;
using System.Text;
using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Interop.Nir;

/// <summary>The result of an import: the network, the config that rebuilds it, and what the mapping changed or ignored.</summary>
public sealed record NirImport(SpikingNetwork Network, TrainConfig Config, string ConfigYaml, IReadOnlyList<string> Notes);

/// <summary>
/// Turns a chain-shaped NIR graph (Input → [Affine|Linear] → neuron → ... → Output, recurrence as a Linear/Affine cycle
/// on a neuron node, nested graphs allowed) into a <see cref="SpikingNetwork"/> and the <c>model:</c> config that
/// rebuilds it, at an explicit dt (docs/nir.md). Other shapes (branches, convolutions, delays) are refused with the
/// node named; <see cref="NirSimulator"/> runs those.
/// </summary>
public static class NirImporter
{
    private sealed record Stage(string Kind, string Path, float[] Weight, int Outputs, int Inputs, float[]? Bias, float[]? Recurrent, DendriteNeuron? Neuron);

    /// <exception cref="NirFormatException">The graph is not a chain of supported nodes; the message names the node.</exception>
    public static NirImport Import(NirGraph graph, double dt, NirConvention convention = NirConvention.SnnTorch, string source = "graph", string name = "imported")
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be a positive number of seconds.");
        }
        var notes = new List<string>();
        IReadOnlyList<NirPlanNode> plan = NirTopology.Plan(graph, source);
        (List<Stage> stages, int inputs) = Stages(plan, dt, convention, notes, source);
        string yaml = Yaml(stages, inputs, name, dt, convention);
        TrainConfig config = ConfigLoader.Parse(yaml, $"{name}.yaml", Directory.GetCurrentDirectory());
        SpikingNetwork network = NetworkBuilder.Build(config.Model, inputs, new Rng(0));
        Load(network, stages, source);
        return new NirImport(network, config, yaml, notes);
    }

    private static (List<Stage>, int) Stages(IReadOnlyList<NirPlanNode> plan, double dt, NirConvention convention, List<string> notes, string source)
    {
        int input = Enumerable.Range(0, plan.Count).SingleOrDefault(i => plan[i].IsPort && plan[i].Node.Type == "Input", -1);
        if (input < 0 || plan.Count(p => p.IsPort && p.Node.Type == "Output") != 1)
        {
            throw new NirFormatException(source, null, "a run-folder network needs exactly one Input and one Output node.");
        }
        int inputs = (int)plan[input].OutputShape.Aggregate(1L, (p, d) => p * d);
        int width = inputs;
        var stages = new List<Stage>();
        var recurrentWeights = new HashSet<int>();
        (float[] W, float[]? B, int Out, int In, string Path)? pending = null;
        int previous = input;
        for (int i = 0; i < plan.Count; i++)
        {
            NirPlanNode node = plan[i];
            if (i == input || recurrentWeights.Contains(i))
            {
                continue;
            }
            if (node.Inputs.Count != 1 || node.Inputs[0] != previous || (node.RecurrentInputs.Count > 0 && !NirNodeTypes.IsNeuron(node.Node.Type)))
            {
                throw new NirFormatException(source, node.Path, "the graph is not a chain (this node has several inputs, or its input is not the node before it); run it with `dendrite run` instead.");
            }
            previous = i;
            switch (node.Node.Type)
            {
                case "Input" or "Output" when !node.IsPort:
                    continue;
                case "Output":
                    if (pending is { } last)
                    {
                        stages.Add(new Stage("linear", last.Path, last.W, last.Out, last.In, last.B, null, null));
                    }
                    return (stages, inputs);
                case "Affine" or "Linear":
                    if (pending is { } p)
                    {
                        stages.Add(new Stage("linear", p.Path, p.W, p.Out, p.In, p.B, null, null));
                    }
                    pending = (node.Node.Array("weight").ToSingles(), node.Node.Type == "Affine" ? node.Node.Array("bias").ToSingles() : null,
                        (int)node.OutputShape[^1], (int)node.InputShape[^1], node.Path);
                    width = (int)node.OutputShape[^1];
                    break;
                default:
                    DendriteNeuron neuron = NirNeuronMapping.Map(node, dt, convention, notes, source);
                    int n = (int)node.OutputShape.Aggregate(1L, (a, d) => a * d);
                    var projection = pending ?? (Identity(n), null, n, n, node.Path);
                    if (projection.Out != n)
                    {
                        throw new NirFormatException(source, node.Path, $"{n} neurons do not match the {projection.Out} outputs feeding them.");
                    }
                    if (pending is null)
                    {
                        notes.Add($"{node.Path}: no projection before it; imported with an identity input weight.");
                    }
                    pending = null;
                    (float[]? recurrent, float[]? bias) = Recurrence(plan, i, n, projection.B, recurrentWeights, source);
                    Fold(neuron.Gain, projection.W, bias, recurrent, n, node.Path, notes);
                    stages.Add(new Stage(neuron.Kind, node.Path, projection.W, n, projection.In, bias, recurrent, neuron));
                    width = n;
                    break;
            }
        }
        throw new NirFormatException(source, null, "no Output node is reached from the Input node.");
    }

    // A cycle neuron → Linear/Affine → neuron is the layer's recurrent weight; a recurrent bias adds to the input bias every step.
    private static (float[]?, float[]?) Recurrence(IReadOnlyList<NirPlanNode> plan, int neuron, int n, float[]? bias, HashSet<int> used, string source)
    {
        List<int> loops = plan[neuron].RecurrentInputs;
        if (loops.Count == 0)
        {
            return (null, bias);
        }
        NirPlanNode rec = plan[loops[0]];
        if (loops.Count > 1 || rec.Node.Type is not ("Linear" or "Affine") || rec.Inputs.Count != 1 || rec.Inputs[0] != neuron || rec.InputShape[^1] != n || rec.OutputShape[^1] != n)
        {
            throw new NirFormatException(source, plan[neuron].Path, "recurrence must be one Linear/Affine (N × N) node fed by this neuron node alone.");
        }
        used.Add(loops[0]);
        float[]? total = bias;
        if (rec.Node.Type == "Affine")
        {
            float[] recurrentBias = rec.Node.Array("bias").ToSingles();
            total = bias is null ? recurrentBias : bias.Select((b, j) => b + recurrentBias[j]).ToArray();
        }
        return (rec.Node.Array("weight").ToSingles(), total);
    }

    // Folds a per-neuron input gain into the rows of the weights and the bias (exact for the linear sub-threshold dynamics).
    private static void Fold(double[] gain, float[] weight, float[]? bias, float[]? recurrent, int n, string path, List<string> notes)
    {
        if (gain.All(g => Math.Abs(g - 1.0) <= 1e-12))
        {
            return;
        }
        notes.Add($"{path}: input gain (dt·r/τ etc.) ≠ 1 folded into its input and recurrent weights (range {gain.Min():G4}..{gain.Max():G4}).");
        foreach (float[]? rows in new[] { weight, recurrent })
        {
            if (rows is null)
            {
                continue;
            }
            int columns = rows.Length / n;
            for (int j = 0; j < rows.Length; j++)
            {
                rows[j] = (float)(rows[j] * gain[j / columns]);
            }
        }
        for (int j = 0; bias is not null && j < n; j++)
        {
            bias[j] = (float)(bias[j] * gain[j]);
        }
    }

    private static float[] Identity(int n)
    {
        var w = new float[n * n];
        for (int j = 0; j < n; j++)
        {
            w[j * n + j] = 1f;
        }
        return w;
    }

    private static string Yaml(List<Stage> stages, int inputs, string name, double dt, NirConvention convention)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# Imported by `dendrite import` (dt = {NirNeuronMapping.Format(dt)} s, {convention} convention).");
        yaml.AppendLine("# model.safetensors holds every per-neuron value; the numbers below only initialise the layers.");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"name: {name}");
        yaml.AppendLine("model:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  input: {inputs}");
        yaml.AppendLine("  layers:");
        foreach (Stage stage in stages)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    - type: {stage.Kind}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      size: {stage.Outputs}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      bias: {(stage.Bias is null ? "false" : "true")}");
            if (stage.Kind is "lif" or "if" or "cubalif")
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      recurrent: {(stage.Recurrent is null ? "false" : "true")}");
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      threshold: {NirNeuronMapping.Format(stage.Neuron!.Tensors["threshold"][0])}");
            }
            foreach ((string key, string value) in stage.Neuron?.Options ?? [])
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"      {key}: {value}");
            }
        }
        yaml.AppendLine("data:");
        yaml.AppendLine("  dataset: randman  # placeholder: NIR carries no dataset; set it before `dendrite eval` or training");
        yaml.AppendLine("  steps: 100");
        return yaml.ToString();
    }

    private static void Load(SpikingNetwork network, List<Stage> stages, string source)
    {
        var state = network.StateTensors().ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        for (int k = 0; k < stages.Count; k++)
        {
            Stage stage = stages[k];
            var values = new Dictionary<string, float[]?>
            {
                ["weight"] = stage.Weight,
                ["bias"] = stage.Bias,
                ["recurrent_weight"] = stage.Recurrent,
            };
            foreach ((string key, float[] tensor) in stage.Neuron?.Tensors ?? [])
            {
                values[key] = tensor;
            }
            foreach ((string key, float[]? data) in values)
            {
                if (data is null)
                {
                    continue;
                }
                string qualified = $"{k}.{key}";
                if (!state.TryGetValue(qualified, out Tensor? target) || target.Length != data.Length)
                {
                    throw new NirFormatException(source, stage.Path, $"the rebuilt network has no tensor '{qualified}' of {data.Length} values.");
                }
                data.CopyTo(target.Span);
            }
        }
    }
}
