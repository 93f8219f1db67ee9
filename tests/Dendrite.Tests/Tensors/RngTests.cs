using Dendrite.Tensors;

namespace Dendrite.Tests.Tensors;

public class RngTests
{
    [Fact]
    public void SameSeedSameStreamDifferentSeedDifferentStream()
    {
        var a = new float[100];
        var b = new float[100];
        var c = new float[100];
        new Rng(5).FillUniform(a, 0f, 1f);
        new Rng(5).FillUniform(b, 0f, 1f);
        new Rng(6).FillUniform(c, 0f, 1f);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void FillsEqualSequentialDrawsSoSplittingDoesNotMatter()
    {
        // A fill is value i = hash(key, counter + i): the same numbers as drawing one at a time,
        // so any split of the fill across threads gives the same values.
        var filled = new float[257];
        var rng = new Rng(9);
        rng.FillUniform(filled, 0f, 1f);
        var sequential = new Rng(9);
        for (int i = 0; i < filled.Length; i++)
        {
            Assert.Equal(filled[i], sequential.NextFloat());
        }
        Assert.Equal(rng.Counter, sequential.Counter);
    }

    [Fact]
    public void SavedStateResumesTheStream()
    {
        var rng = new Rng(11);
        rng.NextFloat();
        var resumed = new Rng(rng.Key, rng.Counter);
        Assert.Equal(rng.NextUInt64(), resumed.NextUInt64());
    }

    [Fact]
    public void UniformAndNormalMoments()
    {
        var uniform = new float[100_000];
        var normal = new float[100_000];
        new Rng(1).FillUniform(uniform, -1f, 3f);
        new Rng(2).FillNormal(normal, 2f, 0.5f);
        Assert.InRange(uniform.Average(), 0.98, 1.02);
        Assert.InRange(uniform.Min(), -1f, -0.999f);
        Assert.True(uniform.Max() < 3f);
        double mean = normal.Average();
        double std = Math.Sqrt(normal.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 1.99, 2.01);
        Assert.InRange(std, 0.495, 0.505);
    }

    [Fact]
    public void ForkedStreamsAreIndependentOfEachOther()
    {
        var root = new Rng(3);
        Assert.NotEqual(root.Fork(1).NextUInt64(), root.Fork(2).NextUInt64());
        Assert.Equal(root.Fork("weight").NextUInt64(), new Rng(3).Fork("weight").NextUInt64());
        Assert.Equal(0UL, root.Counter);
    }

    [Fact]
    public void PermutationIsAPermutation()
    {
        int[] permutation = new Rng(4).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), permutation.Order());
    }
}
