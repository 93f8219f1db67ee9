using Dendrite.Data;

namespace Dendrite.Events;

/// <summary>
/// N-MNIST (Orchard et al. 2015): MNIST digits recorded by an ATIS camera making three saccades, 34×34×2,
/// 60 000 train / 10 000 test, one <c>.bin</c> file per sample in <c>Train/&lt;digit&gt;/</c> and <c>Test/&lt;digit&gt;/</c>.
/// </summary>
public sealed class NmnistDataset : IDataset<Labeled<EventStream>>
{
    /// <summary>tonic's <c>first_saccade_only</c>: keep events with t below 100 ms.</summary>
    public const long FirstSaccadeEnd = 100_000;

    private readonly (string File, int Label)[] _samples;
    private readonly bool _firstSaccadeOnly;

    private NmnistDataset((string File, int Label)[] samples, bool firstSaccadeOnly)
    {
        _samples = samples;
        _firstSaccadeOnly = firstSaccadeOnly;
    }

    /// <summary>Where N-MNIST is looked for (no automatic download: no checksum of the published archives is known here).</summary>
    public static DatasetSpec Spec { get; } = new(
        "N-MNIST",
        "nmnist",
        [new DatasetFile("Train/", ""), new DatasetFile("Test/", "")],
        ["NMNIST", "N-MNIST"],
        [],
        [],
        "download Train.zip and Test.zip from https://www.garrickorchard.com/datasets/n-mnist and unzip them so that Train/0/00002.bin exists in the folder.");

    public int Count => _samples.Length;

    /// <summary>The sample files with their labels, in order (digit, then file name).</summary>
    public IReadOnlyList<(string File, int Label)> Samples => _samples;

    public static NmnistDataset Load(DatasetSplit split, DatasetOptions? options = null, bool firstSaccadeOnly = false)
    {
        IReadOnlyList<string> folders = new DatasetLocator(options).Locate(Spec, ["Train/", "Test/"]);
        return Open(Path.GetDirectoryName(folders[0])!, split, firstSaccadeOnly);
    }

    /// <summary>Lists the samples under <paramref name="root"/>/Train or /Test.</summary>
    public static NmnistDataset Open(string root, DatasetSplit split, bool firstSaccadeOnly = false)
    {
        string folder = Path.Combine(root, split switch
        {
            DatasetSplit.Train => "Train",
            DatasetSplit.Test => "Test",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "N-MNIST has train and test splits only."),
        });
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"N-MNIST folder '{folder}' does not exist.");
        }
        var samples = new List<(string, int)>();
        for (int digit = 0; digit < 10; digit++)
        {
            string digitFolder = Path.Combine(folder, digit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (Directory.Exists(digitFolder))
            {
                string[] files = Directory.GetFiles(digitFolder, "*.bin");
                Array.Sort(files, StringComparer.Ordinal);
                samples.AddRange(files.Select(f => (f, digit)));
            }
        }
        return new NmnistDataset(samples.ToArray(), firstSaccadeOnly);
    }

    /// <exception cref="DataFormatException">The sample's file is malformed.</exception>
    public Labeled<EventStream> Get(int index)
    {
        (string file, int label) = _samples[index];
        EventStream events = NmnistReader.Read(file);
        if (_firstSaccadeOnly)
        {
            events = events.Where(i => events.T[i] < FirstSaccadeEnd);
        }
        return new Labeled<EventStream>(events, label);
    }
}
