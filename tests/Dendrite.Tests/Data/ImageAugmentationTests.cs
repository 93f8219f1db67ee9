using Dendrite.Data;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Data;

/// <summary>
/// Random crop with zero padding and horizontal flip against hand-built shifted and mirrored images, with the shift and
/// flip frequencies checked against their uniform and fair-coin distributions.
/// </summary>
public sealed class ImageAugmentationTests
{
    // A 3x4 image with distinct non-zero pixels 1..12, so every shift and mirror is recognisable.
    private static readonly float[] Image = Enumerable.Range(1, 12).Select(v => (float)v).ToArray();

    // The image moved so that output (y, x) reads source (y + dy, x + dx), zeros outside; optionally mirrored after.
    private static float[] Shifted(float[] image, int channels, int height, int width, int dy, int dx, bool mirror)
    {
        var result = new float[image.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int cx = mirror ? width - 1 - x : x;
                    int sy = y + dy, sx = cx + dx;
                    bool inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    result[(c * height + y) * width + x] = inside ? image[(c * height + sy) * width + sx] : 0f;
                }
            }
        }
        return result;
    }

    [Fact]
    public void WithNothingOnTheImagePassesThroughAndNoRandomNumberIsDrawn()
    {
        var augmentation = new ImageAugmentation(1, 3, 4, cropPadding: 0, horizontalFlip: false);
        var rng = new Rng(5);
        var output = new float[12];
        augmentation.Apply(Image, output, rng);
        Assert.True(augmentation.IsIdentity);
        Assert.Equal(Image, output);
        Assert.Equal(0UL, rng.Counter);
    }

    [Fact]
    public void FlipAloneMirrorsRowsAboutHalfTheTime()
    {
        var augmentation = new ImageAugmentation(1, 3, 4, cropPadding: 0, horizontalFlip: true);
        float[] mirrored = [4, 3, 2, 1, 8, 7, 6, 5, 12, 11, 10, 9];
        var rng = new Rng(11);
        var output = new float[12];
        int flips = 0, draws = 4000;
        for (int i = 0; i < draws; i++)
        {
            augmentation.Apply(Image, output, rng);
            bool isMirror = output.SequenceEqual(mirrored);
            Assert.True(isMirror || output.SequenceEqual(Image), "a flip must give the image or its mirror");
            flips += isMirror ? 1 : 0;
        }
        // Binomial(4000, 1/2): standard deviation ~31.6; 5 sigma.
        Assert.InRange(flips, 2000 - 158, 2000 + 158);
    }

    [Fact]
    public void CropGivesEveryShiftWithinThePaddingUniformlyWithZerosBroughtIn()
    {
        const int padding = 1;
        var augmentation = new ImageAugmentation(1, 3, 4, padding, horizontalFlip: false);
        var shifts = new List<(int Dy, int Dx, float[] Image)>();
        for (int dy = -padding; dy <= padding; dy++)
        {
            for (int dx = -padding; dx <= padding; dx++)
            {
                shifts.Add((dy, dx, Shifted(Image, 1, 3, 4, dy, dx, mirror: false)));
            }
        }
        var counts = new int[shifts.Count];
        var rng = new Rng(3);
        var output = new float[12];
        int draws = 9000;
        for (int i = 0; i < draws; i++)
        {
            augmentation.Apply(Image, output, rng);
            int match = shifts.FindIndex(s => s.Image.SequenceEqual(output));
            Assert.True(match >= 0, $"draw {i}: output is not a shift of the image within the padding");
            counts[match]++;
        }
        // Each of the 9 offsets has p = 1/9: expected 1000, sd ~31.4; 5 sigma.
        Assert.All(counts, c => Assert.InRange(c, 1000 - 157, 1000 + 157));
    }

    [Fact]
    public void EveryChannelGetsTheSameCropAndFlip()
    {
        float[] twoChannels = [.. Image, .. Image.Select(v => v + 100)];
        var augmentation = new ImageAugmentation(2, 3, 4, cropPadding: 2, horizontalFlip: true);
        var rng = new Rng(8);
        var output = new float[24];
        for (int i = 0; i < 200; i++)
        {
            augmentation.Apply(twoChannels, output, rng);
            bool found = false;
            for (int dy = -2; dy <= 2 && !found; dy++)
            {
                for (int dx = -2; dx <= 2 && !found; dx++)
                {
                    found = Shifted(twoChannels, 2, 3, 4, dy, dx, mirror: false).SequenceEqual(output)
                        || Shifted(twoChannels, 2, 3, 4, dy, dx, mirror: true).SequenceEqual(output);
                }
            }
            Assert.True(found, $"draw {i}: the channels were not moved together");
        }
    }

    [Fact]
    public void AWrongImageSizeIsNamed()
    {
        var augmentation = new ImageAugmentation(1, 3, 4, cropPadding: 1, horizontalFlip: true);
        var error = Assert.Throws<ArgumentException>(() => augmentation.Apply(new float[11], new float[12], new Rng(1)));
        Assert.Contains("expected 12 values ([1, 3, 4])", error.Message);
    }
}
