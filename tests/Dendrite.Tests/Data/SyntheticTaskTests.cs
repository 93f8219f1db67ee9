using Dendrite.Data;
using Dendrite.Data.Synthetic;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class SyntheticTaskTests
{
    private static readonly RandmanOptions s_small = new() { Classes = 3, Units = 20, Steps = 50, SamplesPerClass = 40, SpikesPerUnit = 2, ManifoldDimensions = 2, Seed = 7 };

    [Fact]
    public void RandmanIsSeededShapedInRangeAndBalanced()
    {
        var a = new RandmanDataset(s_small);
        var b = new RandmanDataset(s_small);
        var c = new RandmanDataset(s_small with { Seed = 8 });
        Assert.Equal(120, a.Count);
        Assert.Equal(a.SpikeTimes(17).ToArray(), b.SpikeTimes(17).ToArray());
        Assert.NotEqual(a.SpikeTimes(17).ToArray(), c.SpikeTimes(17).ToArray());
        Assert.Equal([40, 40, 40], Enumerable.Range(0, a.Count).GroupBy(a.LabelAt).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.NotEqual(Enumerable.Range(0, 40).Select(_ => 0), Enumerable.Range(0, 40).Select(a.LabelAt)); // shuffled

        for (int i = 0; i < a.Count; i++)
        {
            Assert.All(a.SpikeTimes(i).ToArray(), t => Assert.True(t >= 0 && t < 50, $"time {t}"));
            Labeled<Tensor> sample = a.Get(i);
            Assert.Equal(new TensorShape(50, 20), sample.Value.Shape);
            // Every unit fires exactly SpikesPerUnit times: only timing carries the class.
            for (int u = 0; u < 20; u++)
            {
                Assert.Equal(2f, Enumerable.Range(0, 50).Sum(t => sample.Value[t, u]));
            }
        }
        // Min–max scaling per class and unit: the earliest spike of each unit over a class is at exactly t = 0.
        for (int k = 0; k < 3; k++)
        {
            int[] members = Enumerable.Range(0, a.Count).Where(i => a.LabelAt(i) == k).ToArray();
            for (int u = 0; u < 20; u++)
            {
                Assert.Equal(0f, members.Min(i => a.SpikeTimes(i)[u]));
            }
        }
        var half = new RandmanDataset(s_small with { StepFraction = 0.5 });
        Assert.All(Enumerable.Range(0, half.Count), i => Assert.True(half.SpikeTimes(i).ToArray().All(t => t < 25)));
    }

    [Fact]
    public void DelayedXorCuesTheBitsAndLabelsTheirXor()
    {
        var options = new DelayedXorOptions { Samples = 200, ChannelsPerGroup = 4, CueSteps = 3, DelaySteps = 5, ResponseSteps = 2, CueRate = 1f, Seed = 3 };
        var task = new DelayedXorDataset(options);
        Assert.Equal(18, task.Steps);
        int ones = 0;
        for (int i = 0; i < task.Count; i++)
        {
            (int a, int b) = task.Bits(i);
            Labeled<Tensor> sample = task.Get(i);
            Assert.Equal(a ^ b, sample.Label);
            ones += sample.Label;
            float[] Row(int t) => Enumerable.Range(0, 12).Select(c => sample.Value[t, c]).ToArray();
            float[] Group(int g) => [.. Enumerable.Range(0, 12).Select(c => c / 4 == g ? 1f : 0f)];
            Assert.Equal(Group(a), Row(0));     // first cue: group a, at rate 1 every step
            Assert.Equal(new float[12], Row(4)); // delay: silent (no noise)
            Assert.Equal(Group(b), Row(9));     // second cue starts at 3 + 5
            Assert.Equal(Group(2), Row(17));    // go cue in the response window
        }
        Assert.InRange(ones, 70, 130);
        Assert.Equal(task.Get(5).Value.ToArray(), new DelayedXorDataset(options).Get(5).Value.ToArray());
    }

    [Fact]
    public void TemporalPatternsRepeatTheirTemplate()
    {
        var exact = new TemporalPatternDataset(new TemporalPatternOptions { Classes = 3, Channels = 10, Steps = 30, SamplesPerClass = 5, JitterSteps = 0, DeletionProbability = 0, NoiseRate = 0, Seed = 1 });
        Assert.Equal(15, exact.Count);
        Assert.Equal(exact.Get(0).Value.ToArray(), exact.Get(3).Value.ToArray()); // same class, no variation
        Assert.NotEqual(exact.Get(0).Value.ToArray(), exact.Get(1).Value.ToArray());
        Assert.Equal(exact.Template(2).Count, (int)exact.Get(5).Value.ToArray().Sum());

        var noisy = new TemporalPatternDataset(new TemporalPatternOptions { Seed = 1 });
        Assert.Equal(noisy.Get(9).Value.ToArray(), new TemporalPatternDataset(new TemporalPatternOptions { Seed = 1 }).Get(9).Value.ToArray());
        Assert.Equal([100, 100, 100, 100], Enumerable.Range(0, noisy.Count).GroupBy(i => noisy.Get(i).Label).Select(g => g.Count()));
    }

    [Fact]
    public void SequentialImagesReadRowsPixelsOrAFixedPermutation()
    {
        // Two 2×3 images with pixels 0..5 and 10..15.
        var images = new ImageDataset("toy", [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15], [4, 7], 2, 3);
        Tensor rows = new SequentialImages(images, SequenceOrder.RowWise).Get(0).Value;
        Assert.Equal(new TensorShape(2, 3), rows.Shape);
        Assert.Equal(new[] { 0f, 1, 2, 3, 4, 5 }.Select(v => v / 255f), rows.ToArray());

        var pixels = new SequentialImages(images, SequenceOrder.PixelWise);
        Assert.Equal(new TensorShape(6, 1), pixels.Get(1).Value.Shape);
        Assert.Equal(new[] { 10f, 11, 12, 13, 14, 15 }.Select(v => v / 255f), pixels.Get(1).Value.ToArray());
        Assert.Equal(7, pixels.Get(1).Label);

        var permuted = new SequentialImages(images, SequenceOrder.PermutedPixelWise, permutationSeed: 9);
        int[] order = permuted.Permutation!;
        Assert.Equal(Enumerable.Range(0, 6), order.Order());
        Assert.Equal(order.Select(p => (10f + p) / 255f), permuted.Get(1).Value.ToArray()); // step t shows pixel order[t]
        Assert.Equal(order, new SequentialImages(images, SequenceOrder.PermutedPixelWise, permutationSeed: 9).Permutation);
    }
}
