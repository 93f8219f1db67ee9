namespace Dendrite.Interop.Nir;

/// <summary>A node of a graph with nested graphs expanded: its dotted path, shapes, and where its inputs come from.</summary>
public sealed record NirPlanNode(string Path, NirNode Node, long[] InputShape, long[] OutputShape)
{
    /// <summary>Sources computed earlier in the same step.</summary>
    public List<int> Inputs { get; } = [];

    /// <summary>Sources on a cycle (recurrence): their output from the previous step is used.</summary>
    public List<int> RecurrentInputs { get; } = [];

    /// <summary>True for the top-level graph's Input and Output nodes (its ports).</summary>
    public bool IsPort { get; init; }
}

/// <summary>
/// Orders a graph for simulation: nested graphs are expanded (their Input/Output nodes become pass-throughs), nodes
/// are ordered by a depth-first walk from the inputs along the edges (file order means nothing), and every edge that
/// closes a cycle is marked recurrent (it carries the previous step's output). Shapes are checked along every edge.
/// </summary>
public static class NirTopology
{
    /// <summary>Plans <paramref name="graph"/>, checking edges and shapes.</summary>
    /// <exception cref="NirFormatException">An edge names a missing node, or connected nodes disagree on shape; the message names both.</exception>
    public static IReadOnlyList<NirPlanNode> Plan(NirGraph graph, string source)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var nodes = new List<(string Path, NirNode Node, bool Port)>();
        var edges = new List<(int From, int To)>();
        Expand(graph, "", source, nodes, edges, depth: 0);
        int[] order = Order(nodes.Count, edges, nodes);
        var position = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            position[order[i]] = i;
        }
        var plan = new NirPlanNode[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            int original = order[i];
            var forward = edges.Where(e => e.To == original && position[e.From] < i).Select(e => position[e.From]).ToList();
            long[]? incoming = forward.Count > 0 ? plan[forward[0]].OutputShape : null;
            (string path, NirNode node, bool port) = nodes[original];
            (long[] input, long[] output) = NirShapes.Infer(node, incoming, source, path);
            if (input.Concat(output).Any(d => d <= 0 || d > int.MaxValue) || Volume(input) > int.MaxValue || Volume(output) > int.MaxValue)
            {
                throw new NirFormatException(source, path, $"shape [{string.Join(", ", input)}] → [{string.Join(", ", output)}] has an empty, negative or oversized dimension.");
            }
            plan[i] = new NirPlanNode(path, node, input, output) { IsPort = port };
            plan[i].Inputs.AddRange(forward);
        }
        foreach ((int from, int to) in edges)
        {
            NirPlanNode producer = plan[position[from]];
            NirPlanNode target = plan[position[to]];
            if (position[from] >= position[to])
            {
                target.RecurrentInputs.Add(position[from]);
            }
            if (!producer.OutputShape.AsSpan().SequenceEqual(target.InputShape))
            {
                throw new NirFormatException(source, target.Path,
                    $"its input shape [{string.Join(", ", target.InputShape)}] does not match the output shape [{string.Join(", ", producer.OutputShape)}] of '{producer.Path}' feeding it.");
            }
        }
        return plan;
    }

    private static double Volume(long[] shape) => shape.Aggregate(1.0, (p, d) => p * d);

    /// <summary>Checks that <paramref name="graph"/> can be planned (used before writing and after reading).</summary>
    public static void Check(NirGraph graph, string source) => Plan(graph, source);

    private static Dictionary<string, (int[] Entry, int[] Exit)> Expand(NirGraph graph, string prefix, string source,
        List<(string, NirNode, bool)> nodes, List<(int, int)> edges, int depth)
    {
        if (depth > 32)
        {
            throw new NirFormatException(source, prefix.TrimEnd('.'), "graphs are nested more than 32 deep.");
        }
        var ends = new Dictionary<string, (int[] Entry, int[] Exit)>(StringComparer.Ordinal);
        foreach ((string name, NirNode node) in graph.Nodes)
        {
            string path = prefix + name;
            if (node.Graph is null)
            {
                NirNodeTypes.Validate(node, source, path);
                nodes.Add((path, node, depth == 0 && node.Type is "Input" or "Output"));
                ends[name] = ([nodes.Count - 1], [nodes.Count - 1]);
                continue;
            }
            Dictionary<string, (int[] Entry, int[] Exit)> inner = Expand(node.Graph, path + ".", source, nodes, edges, depth + 1);
            int[] entry = [.. node.Graph.Nodes.Where(n => n.Value.Type == "Input").SelectMany(n => inner[n.Key].Entry)];
            int[] exit = [.. node.Graph.Nodes.Where(n => n.Value.Type == "Output").SelectMany(n => inner[n.Key].Exit)];
            ends[name] = (entry, exit);
            foreach ((string innerName, var value) in inner)
            {
                ends[name + "." + innerName] = value;
            }
        }
        foreach (NirEdge edge in graph.Edges)
        {
            int[] from = Resolve(ends, edge.Source, source, prefix, edge).Exit;
            int[] to = Resolve(ends, edge.Target, source, prefix, edge).Entry;
            edges.AddRange(from.SelectMany(f => to.Select(t => (f, t))));
        }
        return ends;
    }

    private static (int[] Entry, int[] Exit) Resolve(Dictionary<string, (int[] Entry, int[] Exit)> ends, string name, string source, string prefix, NirEdge edge)
    {
        if (ends.TryGetValue(name, out var found) && found.Entry.Length > 0 && found.Exit.Length > 0)
        {
            return found;
        }
        string detail = found.Entry is null ? $"no node '{name}' exists" : $"nested graph '{name}' lacks an Input or Output node";
        throw new NirFormatException(source, prefix.Length == 0 ? name : prefix + name, $"edge ('{edge.Source}', '{edge.Target}'): {detail}.");
    }

    // Depth-first from the Input nodes (then any node not yet reached, by name); reverse postorder is a topological
    // order of the graph with the cycle-closing edges removed.
    private static int[] Order(int count, List<(int From, int To)> edges, List<(string Path, NirNode Node, bool Port)> nodes)
    {
        var successors = new List<int>[count];
        for (int i = 0; i < count; i++)
        {
            successors[i] = [];
        }
        foreach ((int from, int to) in edges)
        {
            successors[from].Add(to);
        }
        bool[] hasInput = new bool[count];
        foreach ((_, int to) in edges)
        {
            hasInput[to] = true;
        }
        var roots = Enumerable.Range(0, count).OrderBy(i => nodes[i].Node.Type == "Input" ? 0 : hasInput[i] ? 2 : 1).ThenBy(i => nodes[i].Path, StringComparer.Ordinal);
        var visited = new bool[count];
        var postorder = new List<int>(count);
        foreach (int root in roots)
        {
            if (visited[root])
            {
                continue;
            }
            // Iterative DFS: a deep chain must not overflow the stack.
            var stack = new Stack<(int Node, int Next)>();
            stack.Push((root, 0));
            visited[root] = true;
            while (stack.Count > 0)
            {
                (int node, int next) = stack.Pop();
                if (next < successors[node].Count)
                {
                    stack.Push((node, next + 1));
                    int child = successors[node][next];
                    if (!visited[child])
                    {
                        visited[child] = true;
                        stack.Push((child, 0));
                    }
                    continue;
                }
                postorder.Add(node);
            }
        }
        postorder.Reverse();
        return [.. postorder];
    }
}
