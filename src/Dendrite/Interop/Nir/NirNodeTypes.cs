namespace Dendrite.Interop.Nir;

/// <summary>
/// The NIR node catalogue (formats.md §1.2): which parameters each type needs, which may be missing (and their
/// defaults), and which must be strings. Validation turns every malformed node into an error naming it.
/// </summary>
public static class NirNodeTypes
{
    private static readonly string[] NeuronFields = ["r", "tau", "tau_mem", "tau_syn", "v_leak", "v_threshold", "v_reset", "w_in", "threshold", "scale", "delay"];

    private static readonly Dictionary<string, (string[] Required, string[] Optional)> Catalogue = new(StringComparer.Ordinal)
    {
        ["Input"] = (["shape"], []),
        ["Output"] = (["shape"], []),
        ["Affine"] = (["weight", "bias"], []),
        ["Linear"] = (["weight"], []),
        ["Scale"] = (["scale"], []),
        ["Conv1d"] = (["weight", "stride", "padding", "dilation", "groups", "bias"], ["input_shape"]),
        ["Conv2d"] = (["weight", "stride", "padding", "dilation", "groups", "bias"], ["input_shape"]),
        ["SumPool2d"] = (["kernel_size", "stride", "padding"], []),
        ["AvgPool2d"] = (["kernel_size", "stride", "padding"], []),
        ["Flatten"] = (["input_type"], ["start_dim", "end_dim"]),
        ["Delay"] = (["delay"], []),
        ["Threshold"] = (["threshold"], []),
        ["I"] = (["r"], []),
        ["IF"] = (["r", "v_threshold"], ["v_reset"]),
        ["LI"] = (["tau", "r", "v_leak"], []),
        ["LIF"] = (["tau", "r", "v_leak", "v_threshold"], ["v_reset"]),
        ["CubaLI"] = (["tau_syn", "tau_mem", "r", "v_leak"], ["w_in"]),
        ["CubaLIF"] = (["tau_syn", "tau_mem", "r", "v_leak", "v_threshold"], ["v_reset", "w_in"]),
    };

    /// <summary>Every node type Dendrite reads and writes, plus <c>NIRGraph</c>.</summary>
    public static IReadOnlyCollection<string> Names => [.. Catalogue.Keys, NirNode.GraphType];

    public static bool IsNeuron(string type) => type is "I" or "IF" or "LI" or "LIF" or "CubaLI" or "CubaLIF";

    public static bool Spikes(string type) => type is "IF" or "LIF" or "CubaLIF" or "Threshold";

    /// <summary>
    /// Checks <paramref name="node"/> against the catalogue and fills in the defaults nir.read applies: <c>v_reset</c> = 0
    /// and <c>w_in</c> = 1, shaped like the other neuron parameters.
    /// </summary>
    /// <exception cref="NirFormatException">Unknown type, missing or mistyped parameter, or neuron parameters of different shapes.</exception>
    public static void Validate(NirNode node, string source, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Graph is not null)
        {
            return;
        }
        if (!Catalogue.TryGetValue(node.Type, out var schema))
        {
            throw new NirFormatException(source, path, $"unknown node type '{node.Type}'; known types: {string.Join(", ", Names)}.");
        }
        foreach (string field in schema.Required)
        {
            if (!node.Fields.TryGetValue(field, out NirValue? value))
            {
                throw new NirFormatException(source, path, $"{node.Type} needs '{field}', which is missing.");
            }
            // Conv padding may be "same"/"valid"; everything else is numeric.
            bool text = value is NirText { Shape.Length: 0 } && field == "padding" && node.Type.StartsWith("Conv", StringComparison.Ordinal);
            if (value is not NirArray && !text)
            {
                throw new NirFormatException(source, path, $"'{field}' must be numeric; found {Describe(value)}.");
            }
        }
        foreach (string field in schema.Optional)
        {
            if (node.Fields.TryGetValue(field, out NirValue? value) && value is not NirArray)
            {
                throw new NirFormatException(source, path, $"'{field}' must be numeric; found {Describe(value)}.");
            }
        }
        foreach (string field in new[] { "groups", "start_dim", "end_dim" })
        {
            if (node.Fields.GetValueOrDefault(field) is NirArray { Count: not 1 } scalar)
            {
                throw new NirFormatException(source, path, $"'{field}' must be one integer; it holds {scalar.Count} values.");
            }
        }
        CheckValues(node, source, path);
        FillDefaults(node, schema.Optional);
        CheckNeuronShapes(node, source, path);
    }

    private static void CheckValues(NirNode node, string source, string path)
    {
        foreach ((string name, NirValue value) in node.Fields)
        {
            if (value is NirArray array)
            {
                if (array.Shape.Any(d => d < 0) || array.Shape.Aggregate(1L, (p, d) => p * d) != array.Count)
                {
                    throw new NirFormatException(source, path, $"'{name}' has shape {array.ShapeText} but {array.Count} values.");
                }
                if (array.Values.Any(v => !double.IsFinite(v)) && name != "v_threshold" && name != "threshold")
                {
                    throw new NirFormatException(source, path, $"'{name}' holds NaN or infinity.");
                }
            }
        }
        if (node.Fields.GetValueOrDefault("delay") is NirArray delay && delay.Values.Any(d => d < 0))
        {
            throw new NirFormatException(source, path, "'delay' must not be negative (seconds).");
        }
        foreach (string tau in new[] { "tau", "tau_mem", "tau_syn" })
        {
            if (node.Fields.TryGetValue(tau, out NirValue? v) && v is NirArray t && t.Values.Any(x => x <= 0))
            {
                throw new NirFormatException(source, path, $"'{tau}' must be positive (seconds).");
            }
        }
    }

    private static void FillDefaults(NirNode node, string[] optional)
    {
        NirArray? like = NeuronFields.Select(f => node.Fields.GetValueOrDefault(f)).OfType<NirArray>().FirstOrDefault();
        if (like is null)
        {
            return;
        }
        foreach (string field in optional)
        {
            if (!node.Has(field) && field is "v_reset" or "w_in")
            {
                double fill = field == "w_in" ? 1.0 : 0.0;
                node.Fields[field] = new NirArray(like.DType, like.Shape, Enumerable.Repeat(fill, like.Values.Length).ToArray());
            }
        }
    }

    private static void CheckNeuronShapes(NirNode node, string source, string path)
    {
        if (!IsNeuron(node.Type))
        {
            return;
        }
        NirArray? first = null;
        string firstName = "";
        foreach (string field in NeuronFields)
        {
            if (node.Fields.GetValueOrDefault(field) is not NirArray array)
            {
                continue;
            }
            if (first is null)
            {
                (first, firstName) = (array, field);
            }
            else if (!first.Shape.AsSpan().SequenceEqual(array.Shape))
            {
                throw new NirFormatException(source, path, $"'{field}' has shape {array.ShapeText} but '{firstName}' has {first.ShapeText}; neuron parameters must agree.");
            }
        }
    }

    private static string Describe(NirValue value) => value switch
    {
        NirText t => $"a string ('{(t.Values.Length > 0 ? t.Values[0] : "")}')",
        NirGroup => "a group",
        _ => "something else",
    };
}
