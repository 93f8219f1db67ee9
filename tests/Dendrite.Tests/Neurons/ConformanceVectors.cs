using System.Text.Json;

namespace Dendrite.Tests.Neurons;

/// <summary>Reads ../shared/reference/vectors/conformance.json (found by walking up from the test binaries); a missing file fails the test.</summary>
internal static class ConformanceVectors
{
    private static readonly Lazy<JsonDocument> s_document = new(Load);

    public const double Tolerance = 1e-6;

    public static JsonElement Get(string id)
    {
        foreach (JsonElement vector in s_document.Value.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("id").GetString() == id)
            {
                return vector;
            }
        }
        throw new InvalidOperationException($"Conformance vector '{id}' is not in conformance.json.");
    }

    public static IEnumerable<string> IdsInGroup(string group)
    {
        foreach (JsonElement vector in s_document.Value.RootElement.GetProperty("vectors").EnumerateArray())
        {
            if (vector.GetProperty("group").GetString() == group)
            {
                yield return vector.GetProperty("id").GetString()!;
            }
        }
    }

    public static double[] Doubles(this JsonElement element, string path)
    {
        JsonElement current = element;
        foreach (string part in path.Split('.'))
        {
            current = current.GetProperty(part);
        }
        return current.ValueKind == JsonValueKind.Array
            ? current.EnumerateArray().Select(v => v.GetDouble()).ToArray()
            : [current.GetDouble()];
    }

    public static double Number(this JsonElement element, string path) => element.Doubles(path)[0];

    public static void AssertClose(double[] expected, IReadOnlyList<double> actual, string what)
    {
        Assert.True(expected.Length == actual.Count, $"{what}: expected {expected.Length} values, got {actual.Count}.");
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = Tolerance * Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }

    private static JsonDocument Load()
    {
        const string relative = "shared/reference/vectors/conformance.json";
        string? directory = AppContext.BaseDirectory;
        var tried = new List<string>();
        while (directory is not null)
        {
            foreach (string candidate in new[] { Path.Combine(directory, relative), Path.Combine(directory, "..", relative) })
            {
                tried.Add(candidate);
                if (File.Exists(candidate))
                {
                    return JsonDocument.Parse(File.ReadAllText(candidate));
                }
            }
            directory = Path.GetDirectoryName(directory);
        }
        throw new FileNotFoundException(
            $"conformance.json not found: expected <repo>/../{relative} (looked in {tried.Count} places walking up from {AppContext.BaseDirectory}).");
    }
}
