using System.Globalization;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Training;

/// <summary>
/// The random streams of a network's dropout layers, kept in the model checkpoint's metadata ("dropout.&lt;layer&gt;" =
/// "key,counter") so a resumed run draws the masks an uninterrupted run would.
/// </summary>
internal static class DropoutStreams
{
    private const string Prefix = "dropout.";

    /// <summary>Adds each dropout layer's generator state to <paramref name="metadata"/>.</summary>
    public static void Save(Module network, IDictionary<string, string> metadata)
    {
        foreach ((string name, Dropout dropout) in Layers(network))
        {
            metadata[Prefix + name] = string.Create(CultureInfo.InvariantCulture, $"{dropout.Rng.Key},{dropout.Rng.Counter}");
        }
    }

    /// <summary>Restores each dropout layer's generator from checkpoint metadata read from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">A dropout layer's state is missing or malformed; the message names the file and key.</exception>
    public static void Restore(Module network, IReadOnlyDictionary<string, string> metadata, string path)
    {
        foreach ((string name, Dropout dropout) in Layers(network))
        {
            string key = Prefix + name;
            if (!metadata.TryGetValue(key, out string? value))
            {
                throw new InvalidDataException($"{path}: metadata '{key}' (the dropout layer's random stream) is missing.");
            }
            string[] parts = value.Split(',');
            if (parts.Length != 2 || !ulong.TryParse(parts[0], CultureInfo.InvariantCulture, out ulong streamKey)
                || !ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out ulong counter))
            {
                throw new InvalidDataException($"{path}: metadata '{key}' is '{value}'; expected 'key,counter' (two unsigned integers).");
            }
            dropout.Rng = new Rng(streamKey, counter);
        }
    }

    private static IEnumerable<(string Name, Dropout Layer)> Layers(Module module, string prefix = "")
    {
        foreach ((string name, Module child) in module.Children())
        {
            if (child is Dropout dropout)
            {
                yield return (prefix + name, dropout);
            }
            foreach ((string Name, Dropout Layer) nested in Layers(child, prefix + name + "."))
            {
                yield return nested;
            }
        }
    }
}
