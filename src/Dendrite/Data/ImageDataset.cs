using Dendrite.Tensors;

namespace Dendrite.Data;

/// <summary>
/// Grey-scale images with class labels, held as the raw bytes of the IDX files (one byte per pixel); each sample
/// is returned as a <c>[height, width]</c> tensor scaled to [0, 1], as torchvision's <c>ToTensor</c> does.
/// </summary>
public sealed class ImageDataset : IDataset<Labeled<Tensor>>
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    /// <param name="pixels">Row-major <c>[count, height, width]</c> bytes.</param>
    public ImageDataset(string name, byte[] pixels, byte[] labels, int height, int width, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if ((long)labels.Length * height * width != pixels.Length)
        {
            ThrowHelper.ThrowArgument(
                $"{labels.Length} labels of {height}×{width} images need {(long)labels.Length * height * width} pixels; {pixels.Length} were given.",
                nameof(pixels));
        }
        Name = name;
        _pixels = pixels;
        _labels = labels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    public string Name { get; }

    public int Count => _labels.Length;

    public int Height { get; }

    public int Width { get; }

    public int Classes { get; }

    /// <summary>All pixels, <c>[Count, Height, Width]</c>, 0..255.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>All labels, 0..Classes-1.</summary>
    public ReadOnlySpan<byte> Labels => _labels;

    /// <summary>
    /// Loads a split of MNIST or Fashion-MNIST, finding (or downloading) the files as <see cref="DatasetLocator"/> describes.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">Found nowhere and not downloadable; the message says where it looked and how to get the data.</exception>
    /// <exception cref="DataFormatException">A file is malformed; the message names it and the byte offset.</exception>
    public static ImageDataset Load(ImageDatasetKind kind, DatasetSplit split, DatasetOptions? options = null)
    {
        DatasetSpec spec = ImageDatasets.Spec(kind);
        (string images, string labels) = ImageDatasets.FileNames(split);
        IReadOnlyList<string> paths = new DatasetLocator(options).Locate(spec, [images, labels]);
        return FromIdxFiles(paths[0], paths[1], $"{spec.DisplayName} {split.ToString().ToLowerInvariant()}");
    }

    /// <summary>Reads an image file <c>[N, rows, cols]</c> and a label file <c>[N]</c> (raw or gzip IDX).</summary>
    /// <exception cref="DataFormatException">Either file is malformed, or they disagree on N, or a label is not below 10.</exception>
    public static ImageDataset FromIdxFiles(string imagesPath, string labelsPath, string? name = null, int classes = 10)
    {
        // The two files are independent: decompress them at the same time.
        Task<IdxArray> labelTask = Task.Run(() => IdxReader.Read(labelsPath));
        IdxArray images = IdxReader.Read(imagesPath);
        IdxArray labels = labelTask.GetAwaiter().GetResult();
        if (images.Dimensions.Length != 3)
        {
            throw new DataFormatException(imagesPath, 3, "number of dimensions", $"expected 3 ([count, rows, cols]) for images, found {images.Dimensions.Length}.");
        }
        if (labels.Dimensions.Length != 1)
        {
            throw new DataFormatException(labelsPath, 3, "number of dimensions", $"expected 1 ([count]) for labels, found {labels.Dimensions.Length}.");
        }
        if (labels.Dimensions[0] != images.Dimensions[0])
        {
            throw new DataFormatException(labelsPath, 4, "size of dimension 0",
                $"the label file has {labels.Dimensions[0]} labels but the image file {imagesPath} has {images.Dimensions[0]} images.");
        }
        int bad = labels.Data.AsSpan().IndexOfAnyInRange((byte)classes, byte.MaxValue);
        if (bad >= 0)
        {
            throw new DataFormatException(labelsPath, 8 + bad, $"label {bad}", $"expected a class below {classes}, found {labels.Data[bad]}.");
        }
        return new ImageDataset(name ?? Path.GetFileName(imagesPath), images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2], classes);
    }

    public int LabelAt(int index) => _labels[index];

    /// <summary>The image as a <c>[Height, Width]</c> tensor in [0, 1].</summary>
    public Labeled<Tensor> Get(int index)
    {
        var image = new Tensor(Height, Width);
        CopyImage(index, image.Span);
        return new Labeled<Tensor>(image, _labels[index]);
    }

    /// <summary>Writes image <paramref name="index"/>, scaled to [0, 1], into <paramref name="destination"/> (Height·Width values).</summary>
    public void CopyImage(int index, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        int size = Height * Width;
        if (destination.Length < size)
        {
            ThrowHelper.ThrowDestinationTooShort();
        }
        ReadOnlySpan<byte> source = _pixels.AsSpan(index * size, size);
        for (int i = 0; i < size; i++)
        {
            destination[i] = source[i] / 255f; // as torchvision ToTensor: divide, not multiply by a rounded 1/255
        }
    }
}
