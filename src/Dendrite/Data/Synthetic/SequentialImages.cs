using Dendrite.Tensors;

namespace Dendrite.Data.Synthetic;

/// <summary>How <see cref="SequentialImages"/> turns an image into a sequence.</summary>
public enum SequenceOrder
{
    /// <summary>One row per step: (H, W) → (T = H, features = W); with channels (C, H, W) → (H, C·W).</summary>
    RowWise,

    /// <summary>One pixel per step in row-major order: (H, W) → (H·W, 1); with channels → (H·W, C).</summary>
    PixelWise,

    /// <summary>Pixel-wise in one fixed, seeded random order of the pixels (the same for every image), as in psMNIST.</summary>
    PermutedPixelWise,
}

/// <summary>
/// Sequential image tasks (sequential / permuted-sequential MNIST and friends) over any image dataset whose samples
/// are (H, W) or (C, H, W) tensors. Samples are sequences (T, features), ready for <see cref="Collate.TimeMajor"/>.
/// </summary>
public sealed class SequentialImages : IDataset<Labeled<Tensor>>
{
    private readonly IDataset<Labeled<Tensor>> _images;

    /// <param name="permutationSeed">Seeds the pixel order of <see cref="SequenceOrder.PermutedPixelWise"/>.</param>
    public SequentialImages(IDataset<Labeled<Tensor>> images, SequenceOrder order, ulong permutationSeed = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        _images = images;
        Order = order;
        if (order == SequenceOrder.PermutedPixelWise && images.Count > 0)
        {
            TensorShape shape = images.Get(0).Value.Shape;
            Permutation = new Rng(permutationSeed).Fork("pixel order").Permutation(shape[-1] * shape[-2]);
        }
    }

    public SequenceOrder Order { get; }

    /// <summary>Step t shows pixel Permutation[t] (row-major index); null unless permuted.</summary>
    public int[]? Permutation { get; }

    public int Count => _images.Count;

    public Labeled<Tensor> Get(int index)
    {
        Labeled<Tensor> sample = _images.Get(index);
        Tensor image = sample.Value;
        if (image.Rank is not (2 or 3))
        {
            ThrowHelper.ThrowArgument($"Sequential images need (H, W) or (C, H, W) images; sample {index} has shape {image.Shape}.");
        }
        int channels = image.Rank == 3 ? image.Shape[0] : 1;
        int height = image.Shape[-2], width = image.Shape[-1], pixels = height * width;
        ReadOnlySpan<float> source = image.Span;
        Tensor sequence = Order == SequenceOrder.RowWise ? new Tensor(height, channels * width) : new Tensor(pixels, channels);
        Span<float> destination = sequence.Span;
        for (int c = 0; c < channels; c++)
        {
            for (int p = 0; p < pixels; p++)
            {
                if (Order == SequenceOrder.RowWise)
                {
                    destination[(p / width) * channels * width + c * width + p % width] = source[c * pixels + p];
                }
                else
                {
                    int pixel = Permutation is null ? p : Permutation[p]; // step p shows this pixel
                    destination[p * channels + c] = source[c * pixels + pixel];
                }
            }
        }
        return new Labeled<Tensor>(sequence, sample.Label);
    }
}
