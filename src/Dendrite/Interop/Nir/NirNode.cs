namespace Dendrite.Interop.Nir;

/// <summary>
/// One NIR node: its type string (<c>LIF</c>, <c>Affine</c>, ...), its parameters exactly as stored, and its free-form
/// metadata. A nested graph is a node of type <c>NIRGraph</c> with <see cref="Graph"/> set.
/// </summary>
public sealed class NirNode
{
    public const string GraphType = "NIRGraph";

    public NirNode(string type, IEnumerable<KeyValuePair<string, NirValue>>? fields = null, NirGroup? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        Type = type;
        Fields = new SortedDictionary<string, NirValue>(StringComparer.Ordinal);
        foreach ((string name, NirValue value) in fields ?? [])
        {
            Fields[name] = value;
        }
        Metadata = metadata ?? new NirGroup();
    }

    public NirNode(NirGraph graph)
        : this(GraphType) => Graph = graph;

    public string Type { get; }

    /// <summary>Parameters by dataset name (<c>weight</c>, <c>tau</c>, <c>v_threshold</c>, ...), excluding <c>type</c> and <c>metadata</c>.</summary>
    public SortedDictionary<string, NirValue> Fields { get; }

    public NirGroup Metadata { get; }

    public NirGraph? Graph { get; }

    /// <summary>The numeric parameter <paramref name="name"/>; call after validation (<see cref="NirNodeTypes.Validate"/>), which guarantees it.</summary>
    public NirArray Array(string name) => Fields.TryGetValue(name, out NirValue? value) && value is NirArray array
        ? array
        : throw new KeyNotFoundException($"{Type} node has no numeric '{name}'.");

    public bool Has(string name) => Fields.ContainsKey(name);

    /// <summary>A metadata string, or null.</summary>
    public string? MetadataText(string key) =>
        Metadata.Entries.TryGetValue(key, out NirValue? value) && value is NirText { Values.Length: 1 } text ? text.Values[0] : null;
}
