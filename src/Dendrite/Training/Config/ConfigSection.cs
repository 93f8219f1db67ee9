using System.Globalization;

namespace Dendrite.Training.Config;

/// <summary>
/// Reads typed values from one mapping of the config tree, collecting errors instead of throwing.
/// Every key it is asked for counts as valid; <see cref="Finish"/> then reports every other key as
/// unknown, with the nearest valid key suggested. A missing key yields the documented default.
/// </summary>
internal sealed class ConfigSection
{
    private readonly ConfigMapping? _node;
    private readonly List<string> _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public ConfigSection(ConfigMapping? node, string path, string origin, List<string> errors)
    {
        _node = node;
        Path = path;
        Origin = origin;
        _errors = errors;
    }

    /// <summary>True when the section is present in the file (an absent one reads as all defaults).</summary>
    public bool Exists => _node is not null;

    /// <summary>The dotted path of this section (<c>model.layers[1]</c>).</summary>
    public string Path { get; }

    /// <summary>Where this section starts (used for missing-key errors).</summary>
    public string Origin { get; }

    /// <summary>Records an error against <paramref name="key"/> (or the section itself when null).</summary>
    public void Error(string? key, string message)
    {
        string where = key is not null && _node?.Get(key) is ConfigNode n ? n.Origin : Origin;
        string path = key is null ? (Path.Length == 0 ? "(top level)" : Path) : ConfigPath.Child(Path, key);
        _errors.Add($"{where}: {path}: {message}");
    }

    /// <summary>True when the key is present with a non-null value. Marks it as known.</summary>
    public bool Has(string key)
    {
        _known.Add(key);
        return _node?.Get(key) is ConfigNode n && n is not ConfigScalar { IsNull: true };
    }

    /// <summary>True when the key holds a scalar (for keys with a shorthand form, like <c>surrogate: atan</c>).</summary>
    public bool IsScalar(string key) => _node?.Get(key) is ConfigScalar;

    /// <summary>The origin of a key's value, or of this section when absent.</summary>
    public string OriginOf(string key) => _node?.Get(key)?.Origin ?? Origin;

    /// <summary>Reports a missing-required-key error when <paramref name="key"/> is absent.</summary>
    public bool Require(string key)
    {
        if (Has(key))
        {
            return true;
        }
        Error(key, "missing required key");
        return false;
    }

    public ConfigSection Section(string key)
    {
        ConfigNode? node = Value(key);
        if (node is not null and not ConfigMapping)
        {
            WrongType(key, "a mapping", node);
        }
        return new ConfigSection(node as ConfigMapping, ConfigPath.Child(Path, key), node?.Origin ?? Origin, _errors);
    }

    /// <summary>The items of a list of mappings, or null when the key is absent.</summary>
    public List<ConfigSection>? SectionList(string key)
    {
        ConfigNode? node = Value(key);
        if (node is null)
        {
            return null;
        }
        if (node is not ConfigSequence sequence)
        {
            WrongType(key, "a list", node);
            return null;
        }
        var sections = new List<ConfigSection>();
        for (int i = 0; i < sequence.Items.Count; i++)
        {
            ConfigNode item = sequence.Items[i];
            string path = ConfigPath.Index(ConfigPath.Child(Path, key), i);
            if (item is not ConfigMapping mapping)
            {
                _errors.Add($"{item.Origin}: {path}: wrong type: expected a mapping, found {item.Describe()}");
                continue;
            }
            sections.Add(new ConfigSection(mapping, path, item.Origin, _errors));
        }
        return sections;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue) =>
        OptionalInt(key, min, max) ?? fallback;

    public int? OptionalInt(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        if (Scalar(key, "an integer") is not ConfigScalar s)
        {
            return null;
        }
        if (s.Quoted || !long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
        {
            WrongType(key, "an integer", s);
            return null;
        }
        if (v < min || v > max)
        {
            Error(key, $"out of range: expected {Range(min, max)}, found {v}");
            return null;
        }
        return (int)v;
    }

    public double Double(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity,
        bool exclusiveMin = false) =>
        OptionalDouble(key, min, max, exclusiveMin) ?? fallback;

    public double? OptionalDouble(string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity,
        bool exclusiveMin = false)
    {
        if (Scalar(key, "a number") is not ConfigScalar s)
        {
            return null;
        }
        if (!TryNumber(s, out double v))
        {
            WrongType(key, "a number", s);
            return null;
        }
        if (v < min || v > max || (exclusiveMin && v == min) || double.IsNaN(v))
        {
            string low = exclusiveMin ? $"> {Format(min)}" : $">= {Format(min)}";
            string range = double.IsPositiveInfinity(max) ? low
                : double.IsNegativeInfinity(min) ? $"<= {Format(max)}"
                : $"{(exclusiveMin ? "in (" : "in [")}{Format(min)}, {Format(max)}]";
            Error(key, $"out of range: expected {range}, found {s.Value}");
            return null;
        }
        return v;
    }

    public bool Bool(string key, bool fallback)
    {
        if (Scalar(key, "true or false") is not ConfigScalar s)
        {
            return fallback;
        }
        if (!s.Quoted && s.Value is "true" or "True" or "TRUE")
        {
            return true;
        }
        if (!s.Quoted && s.Value is "false" or "False" or "FALSE")
        {
            return false;
        }
        WrongType(key, "true or false", s);
        return fallback;
    }

    public string? String(string key) => Scalar(key, "a string")?.Value;

    public T Enum<T>(string key, T fallback) where T : struct, Enum => OptionalEnum<T>(key) ?? fallback;

    public T? OptionalEnum<T>(string key) where T : struct, Enum
    {
        if (Scalar(key, "a name") is not ConfigScalar s)
        {
            return null;
        }
        if (ConfigNames.TryParse(s.Value!, out T value))
        {
            return value;
        }
        IReadOnlyList<string> names = ConfigNames.All<T>();
        string? nearest = EditDistance.Nearest(s.Value!, names);
        string hint = nearest is null ? "" : $"; did you mean '{nearest}'?";
        Error(key, $"out of range: expected one of {string.Join(", ", names)}, found '{s.Value}'{hint}");
        return null;
    }

    /// <summary>A list of numbers (a bare number counts as a one-element list), or null when absent.</summary>
    public double[]? DoubleList(string key, int? count = null, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        ConfigNode? node = Value(key);
        if (node is null)
        {
            return null;
        }
        IReadOnlyList<ConfigNode> items = node is ConfigSequence seq ? seq.Items : [node];
        var values = new double[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not ConfigScalar s || !TryNumber(s, out values[i]))
            {
                WrongType(key, count is int c ? $"a list of {c} numbers" : "a list of numbers", node);
                return null;
            }
            if (values[i] < min || values[i] > max)
            {
                Error(key, $"out of range: expected every item in [{Format(min)}, {Format(max)}], found {Format(values[i])}");
                return null;
            }
        }
        if (count is int n && values.Length != n)
        {
            Error(key, $"wrong length: expected {n} numbers, found {values.Length}");
            return null;
        }
        return values;
    }

    /// <summary>Reports every key not asked for as unknown, suggesting the nearest known one.</summary>
    /// <param name="context">Added to the message, e.g. "for a 'lif' layer".</param>
    public void Finish(string? context = null)
    {
        if (_node is null)
        {
            return;
        }
        foreach (var (key, _) in _node.Entries)
        {
            string name = key.Value ?? "";
            if (_known.Contains(name))
            {
                continue;
            }
            string? nearest = EditDistance.Nearest(name, _known);
            string suffix = context is null ? "" : $" {context}";
            string hint = nearest is not null
                ? $"; did you mean '{nearest}'?"
                : $"; valid keys are {string.Join(", ", _known.Order(StringComparer.Ordinal))}";
            _errors.Add($"{key.Origin}: {ConfigPath.Child(Path, name)}: unknown key{suffix}{hint}");
        }
    }

    private ConfigNode? Value(string key)
    {
        _known.Add(key);
        ConfigNode? node = _node?.Get(key);
        return node is ConfigScalar { IsNull: true } ? null : node;
    }

    private ConfigScalar? Scalar(string key, string expected)
    {
        ConfigNode? node = Value(key);
        if (node is null)
        {
            return null;
        }
        if (node is not ConfigScalar s)
        {
            WrongType(key, expected, node);
            return null;
        }
        return s;
    }

    private void WrongType(string key, string expected, ConfigNode found) =>
        Error(key, $"wrong type: expected {expected}, found {found.Describe()}");

    private static bool TryNumber(ConfigScalar s, out double value)
    {
        value = 0;
        return !s.Quoted && s.Value is not null
            && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static string Range(long min, long max) =>
        max == int.MaxValue ? $">= {min}" : min == int.MinValue ? $"<= {max}" : $"in [{min}, {max}]";

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
