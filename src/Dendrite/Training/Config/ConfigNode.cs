namespace Dendrite.Training.Config;

/// <summary>
/// A node of a parsed config document that remembers where it came from, so that every validation
/// error can name a file line (or the <c>--set</c> override that produced the value).
/// </summary>
internal abstract class ConfigNode(string origin)
{
    /// <summary>Where the node came from: <c>file.yaml:12</c> or <c>--set key=value</c>.</summary>
    public string Origin { get; } = origin;

    /// <summary>A short description of the node's kind for "expected X, found Y" messages.</summary>
    public abstract string Describe();
}

internal sealed class ConfigScalar(string origin, string? value, bool quoted) : ConfigNode(origin)
{
    /// <summary>The scalar text; <c>null</c> for a YAML null (<c>~</c>, <c>null</c> or an empty value).</summary>
    public string? Value { get; } = value;

    /// <summary>True for a quoted scalar: it is a string even if it looks like a number.</summary>
    public bool Quoted { get; } = quoted;

    public bool IsNull => Value is null;

    public override string Describe() => IsNull ? "null" : Quoted ? $"string \"{Value}\"" : $"'{Value}'";
}

internal sealed class ConfigMapping(string origin) : ConfigNode(origin)
{
    // Insertion-ordered so errors come out in file order.
    public List<KeyValuePair<ConfigScalar, ConfigNode>> Entries { get; } = [];

    public ConfigNode? Get(string key) => Find(key) is int i ? Entries[i].Value : null;

    public ConfigScalar? KeyNode(string key) => Find(key) is int i ? Entries[i].Key : null;

    public void Set(ConfigScalar key, ConfigNode value)
    {
        if (Find(key.Value ?? "") is int i)
        {
            Entries[i] = new(key, value);
        }
        else
        {
            Entries.Add(new(key, value));
        }
    }

    private int? Find(string key)
    {
        for (int i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Value == key)
            {
                return i;
            }
        }
        return null;
    }

    public override string Describe() => "a mapping";
}

internal sealed class ConfigSequence(string origin) : ConfigNode(origin)
{
    public List<ConfigNode> Items { get; } = [];

    public override string Describe() => "a list";
}
