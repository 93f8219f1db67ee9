using Dendrite.Data;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class IdxFuzzTests
{
    [Fact]
    public void RawMutantsParseOrFailWithOffset()
    {
        (int parsed, int rejected) = Fuzz.Check(Fuzz.Mutants(IdxReaderTests.Images, 1500, seed: 11), "images.idx",
            bytes => CheckConsistent(IdxReader.Read(new MemoryStream(bytes), "images.idx")));
        Assert.True(rejected > 1000, $"{rejected} of 1500 raw mutants rejected, {parsed} parsed.");
    }

    [Fact]
    public void GzipMutantsParseOrFailWithOffset()
    {
        byte[] gzip = IdxReaderTests.Gzip(IdxReaderTests.Images);
        (int parsed, int rejected) = Fuzz.Check(Fuzz.Mutants(gzip, 1500, seed: 12), "images.idx.gz",
            bytes => CheckConsistent(IdxReader.Read(new MemoryStream(bytes), "images.idx.gz")));
        Assert.True(rejected > 1000, $"{rejected} of 1500 gzip mutants rejected, {parsed} parsed.");
    }

    private static void CheckConsistent(IdxArray array) =>
        Assert.Equal(array.Dimensions.Aggregate(1L, (p, d) => p * d), array.Data.LongLength);
}
