using System.IO.Compression;
using Dendrite.Interop;
using Dendrite.Interop.Hdf5;

namespace Dendrite.Data;

/// <summary>The two spiking audio datasets of Cramer et al. 2020, both 700 input channels.</summary>
public enum SpikingAudioKind
{
    /// <summary>Spiking Heidelberg Digits: 20 classes (English and German digits), 8156 train / 2264 test.</summary>
    Shd,

    /// <summary>Spiking Speech Commands: 35 classes, 75466 train / 9981 validation / 20382 test.</summary>
    Ssc,
}

/// <summary>
/// An SHD or SSC HDF5 file, read through the system libhdf5: <c>/spikes/times</c> (ragged float16 seconds),
/// <c>/spikes/units</c> (ragged unsigned ints), <c>/labels</c>, and optionally <c>/extra/keys</c> (class names).
/// </summary>
/// <remarks>
/// Labels are read when the file is opened; spikes are read per sample (one hyperslab of each ragged dataset), so
/// SSC's 75 000 samples need not fit in memory. Types are not hard-coded: HDF5 converts whatever integer or float
/// types the file holds. Every sample is checked (matching lengths, units in range, times finite and ≥ 0).
/// Thread-safe: reads are serialised, as libhdf5 serialises them anyway. Dispose to close the file.
/// </remarks>
public sealed class SpikingAudioDataset : IDataset<Labeled<SpikeTrain>>, IDisposable
{
    public const int Channels = 700;

    private const string TimesPath = "/spikes/times";
    private const string UnitsPath = "/spikes/units";
    private const string LabelsPath = "/labels";
    private const string KeysPath = "/extra/keys";

    private readonly object _gate = new();
    private readonly Hdf5File _file;
    private readonly Hdf5Dataset _times;
    private readonly Hdf5Dataset _units;
    private readonly int[] _labels;
    private readonly int _channels;

    private SpikingAudioDataset(string path, Hdf5File file, Hdf5Dataset times, Hdf5Dataset units, int[] labels, string[] classNames, int channels)
    {
        FilePath = path;
        _file = file;
        _times = times;
        _units = units;
        _labels = labels;
        ClassNames = classNames;
        _channels = channels;
    }

    public string FilePath { get; }

    public int Count => _labels.Length;

    /// <summary>Class names from <c>/extra/keys</c>, or "0", "1", ... when the file has none.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Where SHD/SSC are looked for. No automatic download (no published SHA-256); a <c>.h5.gz</c> is decompressed into the cache.</summary>
    public static DatasetSpec Spec(SpikingAudioKind kind) => kind == SpikingAudioKind.Shd
        ? new DatasetSpec("SHD", "shd",
            [new("shd_train.h5.gz", ""), new("shd_test.h5.gz", "")], ["SHD"], [], [],
            "download shd_train.h5.gz and shd_test.h5.gz from https://compneuro.net/datasets/ (or the zips from https://zenkelab.org/datasets/).")
        : new DatasetSpec("SSC", "ssc",
            [new("ssc_train.h5.gz", ""), new("ssc_valid.h5.gz", ""), new("ssc_test.h5.gz", "")], ["SSC"], [], [],
            "download ssc_train.h5.gz, ssc_valid.h5.gz and ssc_test.h5.gz from https://compneuro.net/datasets/ (or the zips from https://zenkelab.org/datasets/).");

    /// <summary>Finds (see <see cref="DatasetLocator"/>) and opens a split; a gzip copy is decompressed into the cache first.</summary>
    public static SpikingAudioDataset Load(SpikingAudioKind kind, DatasetSplit split, DatasetOptions? options = null)
    {
        string prefix = kind == SpikingAudioKind.Shd ? "shd" : "ssc";
        string suffix = split switch
        {
            DatasetSplit.Train => "train",
            DatasetSplit.Test => "test",
            _ when kind == SpikingAudioKind.Ssc => "valid",
            _ => throw new ArgumentOutOfRangeException(nameof(split), split, "SHD has train and test splits only."),
        };
        DatasetSpec spec = Spec(kind);
        var locator = new DatasetLocator(options);
        string path = locator.Locate(spec, [$"{prefix}_{suffix}.h5.gz"])[0];
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            path = Decompress(path, Path.Combine(locator.CacheFolder(spec), Path.GetFileNameWithoutExtension(path)));
        }
        return Open(path);
    }

    /// <summary>Opens an SHD/SSC-layout file and reads its labels.</summary>
    /// <param name="channels">Units must lie in [0, channels).</param>
    /// <exception cref="DataFormatException">The file is not HDF5, is truncated, or lacks the layout; the message names the dataset.</exception>
    /// <exception cref="DllNotFoundException">libhdf5 is not installed; the message names the Debian package.</exception>
    public static SpikingAudioDataset Open(string path, int channels = Channels)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"SHD/SSC file '{path}' does not exist.", path);
        }
        return Open(path, () => Hdf5File.OpenRead(path), channels);
    }

    /// <summary>Opens an SHD/SSC-layout file image held in memory (copied); <paramref name="name"/> stands in for the path.</summary>
    public static SpikingAudioDataset Open(ReadOnlySpan<byte> image, string name, int channels = Channels)
    {
        byte[] copy = image.ToArray();
        return Open(name, () => Hdf5File.OpenImage(copy, name), channels);
    }

    private static SpikingAudioDataset Open(string path, Func<Hdf5File> openFile, int channels)
    {
        Hdf5File? file = null;
        Hdf5Dataset? times = null, units = null;
        try
        {
            file = Guard(path, "file", openFile);
            times = OpenRagged(file, path, TimesPath);
            units = OpenRagged(file, path, UnitsPath);
            int[] labels = ReadLabels(file, path);
            long timeRows = times.Dimensions[0], unitRows = units.Dimensions[0];
            if (timeRows != labels.Length || unitRows != labels.Length)
            {
                throw new DataFormatException(path, null, LabelsPath,
                    $"expected one label per sample: {labels.Length} labels, {timeRows} rows of {TimesPath}, {unitRows} rows of {UnitsPath}.");
            }
            string[] names = ReadClassNames(file, path, labels);
            return new SpikingAudioDataset(path, file, times, units, labels, names, channels);
        }
        catch
        {
            units?.Dispose();
            times?.Dispose();
            file?.Dispose();
            throw;
        }
    }

    /// <summary>Sample <paramref name="index"/>'s spikes and label.</summary>
    /// <exception cref="DataFormatException">The sample's rows are inconsistent or out of range.</exception>
    public Labeled<SpikeTrain> Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        float[] times;
        int[] units;
        lock (_gate)
        {
            times = Guard(FilePath, $"{TimesPath}[{index}]", () => _times.ReadVarLen<float>(index, 1))[0];
            units = Guard(FilePath, $"{UnitsPath}[{index}]", () => _units.ReadVarLen<int>(index, 1))[0];
        }
        return new Labeled<SpikeTrain>(Check(index, times, units), _labels[index]);
    }

    /// <summary>Every sample, read in one pass over each ragged dataset (much faster than <see cref="Get"/> one by one).</summary>
    public Labeled<SpikeTrain>[] ReadAll()
    {
        float[][] times;
        int[][] units;
        lock (_gate)
        {
            times = Guard(FilePath, TimesPath, () => _times.ReadVarLen<float>());
            units = Guard(FilePath, UnitsPath, () => _units.ReadVarLen<int>());
        }
        var samples = new Labeled<SpikeTrain>[Count];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = new Labeled<SpikeTrain>(Check(i, times[i], units[i]), _labels[i]);
        }
        return samples;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _units.Dispose();
            _times.Dispose();
            _file.Dispose();
        }
    }

    private SpikeTrain Check(int index, float[] times, int[] units)
    {
        if (times.Length != units.Length)
        {
            throw new DataFormatException(FilePath, null, $"{UnitsPath}[{index}]", $"sample {index} has {units.Length} units but {times.Length} spike times.");
        }
        for (int j = 0; j < units.Length; j++)
        {
            if ((uint)units[j] >= (uint)_channels)
            {
                throw new DataFormatException(FilePath, null, $"{UnitsPath}[{index}][{j}]", $"expected a unit in [0, {_channels}), found {units[j]}.");
            }
            if (!(times[j] >= 0) || float.IsInfinity(times[j]))
            {
                throw new DataFormatException(FilePath, null, $"{TimesPath}[{index}][{j}]", $"expected a finite time ≥ 0 s, found {times[j]}.");
            }
        }
        return new SpikeTrain(times, units);
    }

    private static Hdf5Dataset OpenRagged(Hdf5File file, string path, string name)
    {
        if (!Guard(path, name, () => file.Contains(name)))
        {
            throw new DataFormatException(path, null, name, $"missing dataset; an SHD/SSC file has {TimesPath}, {UnitsPath} and {LabelsPath}.");
        }
        Hdf5Dataset dataset = Guard(path, name, () => file.OpenDataset(name));
        long[] dims = Guard(path, name, () => dataset.Dimensions);
        Hdf5TypeClass type = Guard(path, name, () => dataset.TypeClass);
        if (type != Hdf5TypeClass.VariableLength || dims.Length != 1)
        {
            dataset.Dispose();
            throw new DataFormatException(path, null, name, $"expected a 1-D ragged (variable-length) dataset, found {type} data of shape [{string.Join(", ", dims)}].");
        }
        return dataset;
    }

    private static int[] ReadLabels(Hdf5File file, string path)
    {
        if (!Guard(path, LabelsPath, () => file.Contains(LabelsPath)))
        {
            throw new DataFormatException(path, null, LabelsPath, "missing dataset of class labels.");
        }
        using Hdf5Dataset labels = Guard(path, LabelsPath, () => file.OpenDataset(LabelsPath));
        long[] dims = Guard(path, LabelsPath, () => labels.Dimensions);
        Hdf5TypeClass type = Guard(path, LabelsPath, () => labels.TypeClass);
        if (type != Hdf5TypeClass.Integer || dims.Length != 1)
        {
            throw new DataFormatException(path, null, LabelsPath, $"expected a 1-D integer dataset, found {type} data of shape [{string.Join(", ", dims)}].");
        }
        int[] values = Guard(path, LabelsPath, () => labels.Read<int>());
        int negative = Array.FindIndex(values, v => v < 0);
        if (negative >= 0)
        {
            throw new DataFormatException(path, null, $"{LabelsPath}[{negative}]", $"expected a class index ≥ 0, found {values[negative]}.");
        }
        return values;
    }

    private static string[] ReadClassNames(Hdf5File file, string path, int[] labels)
    {
        int classes = labels.Length == 0 ? 0 : labels.Max() + 1;
        if (!Guard(path, KeysPath, () => file.Contains(KeysPath)))
        {
            return Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        string[] keys = Guard(path, KeysPath, () => file.ReadStrings(KeysPath));
        int beyond = Array.FindIndex(labels, l => l >= keys.Length);
        if (beyond >= 0)
        {
            throw new DataFormatException(path, null, $"{LabelsPath}[{beyond}]", $"label {labels[beyond]} has no class name: {KeysPath} lists {keys.Length}.");
        }
        return keys;
    }

    /// <summary>Runs an HDF5 step, reporting its failure as a format error that names the dataset.</summary>
    private static T Guard<T>(string path, string field, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Hdf5Exception e)
        {
            throw new DataFormatException(path, e.Offset, field, e.Message, e);
        }
    }

    /// <summary>Decompresses a <c>.h5.gz</c> beside-the-cache once, atomically (a reader never sees half a file).</summary>
    private static string Decompress(string gzip, string destination)
    {
        if (File.Exists(destination))
        {
            return destination;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            AtomicFile.Write(destination, output =>
            {
                using var input = new GZipStream(File.OpenRead(gzip), CompressionMode.Decompress);
                input.CopyTo(output);
            });
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(gzip, null, "gzip stream", $"corrupt compressed data: {e.Message}", e);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Another process finished first.
        }
        return destination;
    }
}
