namespace Dendrite.Data;

/// <summary>The IDX image datasets Dendrite knows how to find and download.</summary>
public enum ImageDatasetKind
{
    /// <summary>Handwritten digits, 60 000 train / 10 000 test, 28×28, 10 classes (LeCun et al. 1998).</summary>
    Mnist,

    /// <summary>Clothing images, 60 000 train / 10 000 test, 28×28, 10 classes (Xiao et al. 2017).</summary>
    FashionMnist,
}

/// <summary>Where MNIST and Fashion-MNIST live: file names, published SHA-256s, download locations and system folders.</summary>
public static class ImageDatasets
{
    /// <summary>Fashion-MNIST: Zalando's S3 bucket (the official location), and Debian's <c>dataset-fashion-mnist</c>.</summary>
    /// <remarks>The SHA-256s are those of Zalando's gzip files; Debian recompressed its copies, which are found locally and not hashed.</remarks>
    public static DatasetSpec FashionMnist { get; } = new(
        "Fashion-MNIST",
        "fashion-mnist",
        [
            new("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
        ],
        ["FashionMNIST/raw", "FashionMNIST"],
        ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"],
        ["/usr/share/datasets/fashion-mnist"],
        "on Debian or Ubuntu, sudo apt-get install dataset-fashion-mnist (installs /usr/share/datasets/fashion-mnist).");

    /// <summary>MNIST: LeCun's page (the official location), then the PyTorch mirror torchvision uses.</summary>
    public static DatasetSpec Mnist { get; } = new(
        "MNIST",
        "mnist",
        [
            new("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
        ],
        ["MNIST/raw", "MNIST"],
        ["http://yann.lecun.com/exdb/mnist/", "https://ossci-datasets.s3.amazonaws.com/mnist/"],
        [],
        "download the four IDX files (see http://yann.lecun.com/exdb/mnist/).");

    public static DatasetSpec Spec(ImageDatasetKind kind) => kind switch
    {
        ImageDatasetKind.Mnist => Mnist,
        ImageDatasetKind.FashionMnist => FashionMnist,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown image dataset."),
    };

    /// <summary>The image and label file names of a split.</summary>
    public static (string Images, string Labels) FileNames(DatasetSplit split) => split switch
    {
        DatasetSplit.Train => ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
        DatasetSplit.Test => ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
        _ => throw new ArgumentOutOfRangeException(nameof(split), split, "MNIST and Fashion-MNIST have train and test splits only."),
    };
}
