using System.Globalization;

namespace Dendrite.Training.Config;

/// <summary>
/// Applies <c>--set key.path=value</c> overrides to a parsed config tree before validation, so an
/// overridden value goes through exactly the same checks as one written in the file. Numeric path
/// segments index lists (<c>model.layers.1.size=256</c>); the value is parsed as YAML
/// (<c>optimizer.betas=[0.9,0.99]</c> works).
/// </summary>
internal static class ConfigOverrides
{
    public static void Apply(ConfigMapping root, string text, List<string> errors)
    {
        string origin = $"--set {text}";
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            errors.Add($"{origin}: expected key.path=value");
            return;
        }
        string[] segments = text[..eq].Trim().Split('.');
        if (segments.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{origin}: empty segment in key path '{text[..eq]}'");
            return;
        }
        ConfigNode? value = YamlConfigReader.Parse(text[(eq + 1)..], origin, withLine: false, errors);
        if (value is null)
        {
            return;
        }

        ConfigNode current = root;
        string path = "";
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            bool last = i == segments.Length - 1;
            if (current is ConfigMapping mapping)
            {
                path = ConfigPath.Child(path, segment);
                ConfigNode? next = mapping.Get(segment);
                if (last)
                {
                    mapping.Set(new ConfigScalar(origin, segment, quoted: false), value);
                    return;
                }
                if (next is null or ConfigScalar { IsNull: true })
                {
                    next = new ConfigMapping(origin);
                    mapping.Set(new ConfigScalar(origin, segment, quoted: false), next);
                }
                current = next;
            }
            else if (current is ConfigSequence sequence)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                {
                    errors.Add($"{origin}: {path}: is a list; expected an index, found '{segment}'");
                    return;
                }
                if (index >= sequence.Items.Count)
                {
                    errors.Add($"{origin}: {path}: index {index} is out of range; the list has {sequence.Items.Count} items");
                    return;
                }
                path = ConfigPath.Index(path, index);
                if (last)
                {
                    sequence.Items[index] = value;
                    return;
                }
                current = sequence.Items[index];
            }
            else
            {
                errors.Add($"{origin}: {path}: is a single value, not a section; cannot set '{segment}' inside it");
                return;
            }
        }
    }
}

/// <summary>Builds the dotted key paths used in messages (<c>model.layers[1].threshold</c>).</summary>
internal static class ConfigPath
{
    public static string Child(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
