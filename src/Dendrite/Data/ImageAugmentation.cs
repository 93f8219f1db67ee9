using Dendrite.Tensors;

namespace Dendrite.Data;

/// <summary>
/// Training-time augmentation of [C, H, W] images, as torchvision's <c>RandomCrop(size, padding)</c> followed by
/// <c>RandomHorizontalFlip(0.5)</c>: pad every side with <see cref="CropPadding"/> zeros, crop the original size back at
/// an offset drawn uniformly from [0, 2·padding] in each axis, then mirror left–right with probability one half.
/// </summary>
/// <remarks>
/// Each image draws from the stream it is given in a fixed order (row offset, column offset, flip), so a batch's
/// augmentation is a function of its stream and a resumed run replays it exactly.
/// </remarks>
public sealed class ImageAugmentation
{
    private readonly int _channels;
    private readonly int _height;
    private readonly int _width;

    /// <summary>Augmentation of images of the given shape.</summary>
    public ImageAugmentation(int channels, int height, int width, int cropPadding, bool horizontalFlip)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegative(cropPadding);
        (_channels, _height, _width) = (channels, height, width);
        CropPadding = cropPadding;
        HorizontalFlip = horizontalFlip;
    }

    /// <summary>Zero padding on each side before the random crop; 0 turns cropping off.</summary>
    public int CropPadding { get; }

    /// <summary>Whether images are mirrored left–right with probability one half.</summary>
    public bool HorizontalFlip { get; }

    /// <summary>True when neither transform is on, so images pass through unchanged.</summary>
    public bool IsIdentity => CropPadding == 0 && !HorizontalFlip;

    /// <summary>Writes the augmented <paramref name="image"/> (C·H·W values) into <paramref name="destination"/>.</summary>
    public void Apply(ReadOnlySpan<float> image, Span<float> destination, Rng rng)
    {
        int size = _channels * _height * _width;
        if (image.Length != size || destination.Length != size)
        {
            throw new ArgumentException($"ImageAugmentation: expected {size} values ([{_channels}, {_height}, {_width}]), got {image.Length} in and {destination.Length} out.");
        }
        int rowShift = CropPadding == 0 ? 0 : rng.NextInt(2 * CropPadding + 1) - CropPadding;
        int columnShift = CropPadding == 0 ? 0 : rng.NextInt(2 * CropPadding + 1) - CropPadding;
        bool flip = HorizontalFlip && rng.NextFloat() < 0.5f;
        for (int c = 0; c < _channels; c++)
        {
            ReadOnlySpan<float> plane = image.Slice(c * _height * _width, _height * _width);
            for (int y = 0; y < _height; y++)
            {
                Span<float> row = destination.Slice((c * _height + y) * _width, _width);
                int sourceRow = y + rowShift;
                if ((uint)sourceRow >= (uint)_height)
                {
                    row.Clear();
                    continue;
                }
                for (int x = 0; x < _width; x++)
                {
                    // The flip mirrors the cropped image, so output column x reads cropped column W-1-x.
                    int sourceColumn = (flip ? _width - 1 - x : x) + columnShift;
                    row[x] = (uint)sourceColumn < (uint)_width ? plane[sourceRow * _width + sourceColumn] : 0f;
                }
            }
        }
    }
}
