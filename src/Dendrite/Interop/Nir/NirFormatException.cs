namespace Dendrite.Interop.Nir;

/// <summary>A NIR file or graph is malformed or unsupported; the message names the file and the node (path inside the graph).</summary>
public sealed class NirFormatException : IOException
{
    public NirFormatException(string source, string? node, string detail, Exception? innerException = null)
        : base(node is null ? $"{source}: {detail}" : $"{source}: node '{node}': {detail}", innerException)
    {
        FilePath = source;
        Node = node;
    }

    /// <summary>The file (or "graph" for an in-memory graph).</summary>
    public string FilePath { get; }

    /// <summary>The node's dotted path in the graph (e.g. <c>rnn.lif</c>), or null for file-level problems.</summary>
    public string? Node { get; }
}
