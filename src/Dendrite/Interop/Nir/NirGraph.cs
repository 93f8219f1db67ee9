namespace Dendrite.Interop.Nir;

/// <summary>A directed edge: the output of <see cref="Source"/> feeds (is summed into) the input of <see cref="Target"/>.</summary>
public readonly record struct NirEdge(string Source, string Target);

/// <summary>
/// A NIR graph: named nodes, edges between them (cycles allowed: recurrence) and graph metadata. Node order on disk
/// is not meaningful; <see cref="NirTopology"/> orders nodes from the edges.
/// </summary>
public sealed class NirGraph
{
    /// <summary>The <c>nir</c> package version Dendrite's files declare (the layout is that of nir 1.0.8).</summary>
    public const string WriterVersion = "1.0.8";

    public SortedDictionary<string, NirNode> Nodes { get; } = new(StringComparer.Ordinal);

    public List<NirEdge> Edges { get; } = [];

    public NirGroup Metadata { get; init; } = new();

    /// <summary>The <c>/version</c> string read from the file, or <see cref="WriterVersion"/> for a new graph.</summary>
    public string Version { get; set; } = WriterVersion;

    public NirGraph Add(string name, NirNode node)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!Nodes.TryAdd(name, node))
        {
            ThrowHelper.ThrowArgument($"The graph already has a node '{name}'.", nameof(name));
        }
        return this;
    }

    public NirGraph Connect(string source, string target)
    {
        Edges.Add(new NirEdge(source, target));
        return this;
    }

    /// <summary>The graph as the group <c>nir.write</c> puts under <c>/node</c>.</summary>
    public NirGroup ToTree()
    {
        var tree = new NirGroup();
        tree.Entries["type"] = NirText.Scalar(NirNode.GraphType);
        var nodes = new NirGroup();
        foreach ((string name, NirNode node) in Nodes)
        {
            nodes.Entries[name] = NodeTree(node);
        }
        tree.Entries["nodes"] = nodes;
        tree.Entries["edges"] = Edges.Count == 0
            ? new NirArray(NirDType.Float64, [0], [])
            : new NirText([Edges.Count, 2], Edges.SelectMany(e => new[] { e.Source, e.Target }).ToArray());
        if (Metadata.Entries.Count > 0)
        {
            tree.Entries["metadata"] = Metadata;
        }
        return tree;
    }

    /// <summary>Parses the group under <c>/node</c> (or a nested graph's group); <paramref name="path"/> prefixes node names in errors.</summary>
    public static NirGraph FromTree(NirGroup tree, string source, string path = "")
    {
        ArgumentNullException.ThrowIfNull(tree);
        string where = path.Length == 0 ? "(root graph)" : path;
        if (!tree.Entries.TryGetValue("nodes", out NirValue? nodesValue) || nodesValue is not NirGroup nodes)
        {
            throw new NirFormatException(source, where, "a NIRGraph needs a 'nodes' group.");
        }
        var graph = new NirGraph { Metadata = tree.Entries.TryGetValue("metadata", out NirValue? m) && m is NirGroup meta ? meta : new NirGroup() };
        foreach ((string name, NirValue value) in nodes.Entries)
        {
            string nodePath = path.Length == 0 ? name : $"{path}.{name}";
            if (value is not NirGroup nodeTree)
            {
                throw new NirFormatException(source, nodePath, "is a dataset, not a node group.");
            }
            graph.Nodes[name] = ParseNode(nodeTree, source, nodePath);
        }
        graph.Edges.AddRange(ParseEdges(tree, source, where));
        return graph;
    }

    private static NirGroup NodeTree(NirNode node)
    {
        if (node.Graph is not null)
        {
            NirGroup nested = node.Graph.ToTree();
            return nested;
        }
        var tree = new NirGroup();
        foreach ((string name, NirValue value) in node.Fields)
        {
            tree.Entries[name] = value;
        }
        tree.Entries["type"] = NirText.Scalar(node.Type);
        if (node.Metadata.Entries.Count > 0)
        {
            tree.Entries["metadata"] = node.Metadata;
        }
        return tree;
    }

    private static NirNode ParseNode(NirGroup tree, string source, string path)
    {
        if (!tree.Entries.TryGetValue("type", out NirValue? typeValue) || typeValue is not NirText { Values: [{ Length: > 0 }] } typeText)
        {
            throw new NirFormatException(source, path, "has no 'type' string.");
        }
        string type = typeText.Values[0];
        if (type == NirNode.GraphType)
        {
            return new NirNode(FromTree(tree, source, path));
        }
        NirGroup metadata = tree.Entries.TryGetValue("metadata", out NirValue? m) && m is NirGroup meta ? meta : new NirGroup();
        var node = new NirNode(type, tree.Entries.Where(e => e.Key is not "type" and not "metadata"), metadata);
        NirNodeTypes.Validate(node, source, path);
        return node;
    }

    private static IEnumerable<NirEdge> ParseEdges(NirGroup tree, string source, string where)
    {
        if (!tree.Entries.TryGetValue("edges", out NirValue? value))
        {
            throw new NirFormatException(source, where, "a NIRGraph needs an 'edges' dataset.");
        }
        // A graph without edges is stored as an empty float64 array (formats.md §1.3).
        if (value is NirArray { Count: 0 })
        {
            return [];
        }
        if (value is not NirText text || text.Shape.Length != 2 || text.Shape[1] != 2)
        {
            throw new NirFormatException(source, where, "'edges' must be an N × 2 array of node names.");
        }
        return Enumerable.Range(0, text.Values.Length / 2).Select(i => new NirEdge(text.Values[2 * i], text.Values[2 * i + 1])).ToArray();
    }
}
