using Dendrite.Data;
using Xunit;

namespace Dendrite.Tests.Data;

/// <summary>A fact skipped, with the reason, where the Debian package dataset-fashion-mnist is not installed.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Folder = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFactAttribute()
    {
        if (!Directory.Exists(Folder))
        {
            Skip = $"{Folder} does not exist (install the Debian package dataset-fashion-mnist).";
        }
    }
}

public sealed class FashionMnistDebianTests
{
    [FashionMnistFact]
    public void LoadsBothSplitsFromTheDebianPackageFolder()
    {
        using var home = new TempDirectory();
        // No explicit path, no $DENDRITE_DATA, an empty cache, no downloads: only the system folder can answer.
        var locator = new DatasetLocator(new DatasetOptions(Download: false, CacheDirectory: home.Path), _ => null);
        IReadOnlyList<string> files = locator.Locate(ImageDatasets.FashionMnist, ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]);
        Assert.Equal(Path.Combine(FashionMnistFactAttribute.Folder, "train-images-idx3-ubyte.gz"), files[0]);

        ImageDataset train = ImageDataset.FromIdxFiles(files[0], files[1]);
        ImageDataset test = ImageDataset.Load(ImageDatasetKind.FashionMnist, DatasetSplit.Test, new DatasetOptions(FashionMnistFactAttribute.Folder, Download: false));

        Assert.Equal((60_000, 28, 28), (train.Count, train.Height, train.Width));
        Assert.Equal((10_000, 28, 28), (test.Count, test.Height, test.Width));

        // Published: 7 000 images per class, 6 000 in train and 1 000 in test (Xiao et al. 2017).
        Assert.All(CountPerClass(train), count => Assert.Equal(6_000, count));
        Assert.All(CountPerClass(test), count => Assert.Equal(1_000, count));

        // The first training and test images are ankle boots (class 9), as in the dataset's README sprite.
        Assert.Equal(9, train.LabelAt(0));
        Assert.Equal(9, test.LabelAt(0));

        // Widely used normalisation constants for the training set: mean 0.2860, std 0.3530 (pixels / 255).
        var histogram = new long[256];
        foreach (byte pixel in train.Pixels)
        {
            histogram[pixel]++;
        }
        double mean = Enumerable.Range(0, 256).Sum(v => histogram[v] * (v / 255.0)) / train.Pixels.Length;
        double squares = Enumerable.Range(0, 256).Sum(v => histogram[v] * (v / 255.0) * (v / 255.0)) / train.Pixels.Length;
        double std = Math.Sqrt(squares - mean * mean);
        Assert.Equal(0.2860, mean, 0.0005);
        Assert.Equal(0.3530, std, 0.0005);
    }

    private static int[] CountPerClass(ImageDataset dataset)
    {
        var counts = new int[10];
        foreach (byte label in dataset.Labels)
        {
            counts[label]++;
        }
        return counts;
    }
}
