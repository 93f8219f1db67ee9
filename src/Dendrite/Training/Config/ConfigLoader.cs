namespace Dendrite.Training.Config;

/// <summary>
/// Loads and validates a <c>dendrite train</c> config before any work starts. Validation is a pure function
/// of the file, the overrides and the existence of the paths it names. All problems are collected and
/// thrown together as one <see cref="ConfigException"/>, each line naming the file line (or override) and key.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads, overrides and validates the config file at <paramref name="path"/>.</summary>
    /// <param name="overrides"><c>key.path=value</c> strings from <c>--set</c>, applied in order.</param>
    /// <exception cref="ConfigException">The file is missing, unreadable or invalid.</exception>
    public static TrainConfig Load(string path, IEnumerable<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            string hint = Directory.Exists(path) ? "is a folder, expected a YAML file" : "file not found";
            throw new ConfigException([$"{path}: {hint}"]);
        }
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException([$"{path}: cannot read: {e.Message}"]);
        }
        string baseDirectory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        return Parse(text, path, baseDirectory, overrides);
    }

    // File errors in line order, then override errors in the order the overrides were given.
    private static long LineOf(string error, string[] sets)
    {
        for (int i = 0; i < sets.Length; i++)
        {
            if (error.StartsWith($"--set {sets[i]}: ", StringComparison.Ordinal))
            {
                return int.MaxValue + (long)i;
            }
        }
        int colon = error.IndexOf(':', StringComparison.Ordinal);
        int next = colon < 0 ? -1 : error.IndexOf(':', colon + 1);
        return next > colon && int.TryParse(error.AsSpan(colon + 1, next - colon - 1), out int line) ? line : 0;
    }

    /// <summary>Validates config text; <paramref name="sourceName"/> is used in messages and
    /// <paramref name="baseDirectory"/> resolves relative data paths.</summary>
    /// <exception cref="ConfigException">The text is invalid.</exception>
    public static TrainConfig Parse(string text, string sourceName, string baseDirectory, IEnumerable<string>? overrides = null)
    {
        var errors = new List<string>();
        ConfigNode? root = YamlConfigReader.Parse(text, sourceName, withLine: true, errors);
        if (root is null)
        {
            throw new ConfigException(errors);
        }
        if (root is ConfigScalar { IsNull: true })
        {
            root = new ConfigMapping($"{sourceName}:1");
        }
        if (root is not ConfigMapping mapping)
        {
            throw new ConfigException([$"{root.Origin}: wrong type: expected a mapping of sections (model, data, ...), found {root.Describe()}"]);
        }
        string[] sets = [.. overrides ?? []];
        foreach (string item in sets)
        {
            ConfigOverrides.Apply(mapping, item, errors);
        }

        var section = new ConfigSection(mapping, "", mapping.Origin, errors);
        var config = ConfigBinder.Bind(section, sourceName, baseDirectory);
        section.Finish();
        if (errors.Count > 0)
        {
            throw new ConfigException([.. errors.OrderBy(e => LineOf(e, sets))]);
        }
        return config with { Overrides = sets };
    }
}
