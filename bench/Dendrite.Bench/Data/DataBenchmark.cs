using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Dendrite.Data;

namespace Dendrite.Bench.Data;

/// <summary>
/// Times loading all 70 000 Fashion-MNIST images (train + test: decompress, parse, validate labels), beside the
/// time to merely decompress the same four files, the floor any IDX loader has to pay.
/// </summary>
public static class DataBenchmark
{
    private const int Runs = 7;

    /// <summary>Runs the benchmark and prints a line of text, or one JSON object when <paramref name="json"/> is set.</summary>
    public static void Run(TextWriter output, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        IReadOnlyList<string> files;
        try
        {
            files = new DatasetLocator(new DatasetOptions(Download: false)).Locate(ImageDatasets.FashionMnist,
                ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]);
        }
        catch (DatasetNotFoundException e)
        {
            output.WriteLine(json ? JsonSerializer.Serialize(new { benchmark = "data.fashion_mnist_load", skipped = e.Message }) : $"data: skipped. {e.Message}");
            return;
        }

        int images = 0;
        double[] load = Measure(() =>
        {
            ImageDataset train = ImageDataset.FromIdxFiles(files[0], files[1]);
            ImageDataset test = ImageDataset.FromIdxFiles(files[2], files[3]);
            images = train.Count + test.Count;
        });
        long bytes = 0;
        double[] inflate = Measure(() => bytes = files.Sum(DecompressOnly));

        double loadMs = Median(load), inflateMs = Median(inflate);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "data.fashion_mnist_load",
                folder = Path.GetDirectoryName(files[0]),
                images,
                decompressed_bytes = bytes,
                runs = Runs,
                median_ms = Math.Round(loadMs, 2),
                images_per_second = Math.Round(images / (loadMs / 1000)),
                decompress_only_median_ms = Math.Round(inflateMs, 2),
                ratio_to_decompress_only = Math.Round(loadMs / inflateMs, 3),
                all_ms = load.Select(v => Math.Round(v, 2)),
            }));
            return;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"data: Fashion-MNIST, {images} images from {Path.GetDirectoryName(files[0])}: median {loadMs:F1} ms of {Runs} runs " +
            $"({images / (loadMs / 1000):F0} images/s, {bytes / (loadMs / 1000) / 1e6:F0} MB/s decompressed); " +
            $"decompressing alone takes {inflateMs:F1} ms ({loadMs / inflateMs:F2}x)."));
    }

    /// <summary>One untimed warm-up (tier-0 code is several times slower), then <see cref="Runs"/> timed runs.</summary>
    private static double[] Measure(Action action)
    {
        action();
        var times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        return times;
    }

    private static long DecompressOnly(string path)
    {
        using Stream file = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            total += read;
        }
        return total;
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
