using System.IO.Compression;
using Dendrite.Data;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class IdxReaderTests
{
    // Labels [3] = 7, 0, 9: magic 00 00 08 01, then the count 3 as a big-endian int32, then one byte each.
    internal static readonly byte[] Labels = [0, 0, 8, 1, 0, 0, 0, 3, 7, 0, 9];

    // Images [2, 2, 3]: magic 00 00 08 03, three big-endian sizes, then 12 pixels.
    internal static readonly byte[] Images =
    [
        0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
        0, 1, 2, 3, 4, 5, 255, 254, 253, 252, 251, 250,
    ];

    [Fact]
    public void ReadsRawLabelsAndImages()
    {
        IdxArray labels = IdxReader.Read(new MemoryStream(Labels), "labels");
        Assert.Equal([3], labels.Dimensions);
        Assert.Equal([7, 0, 9], labels.Data);

        IdxArray images = IdxReader.Read(new MemoryStream(Images), "images");
        Assert.Equal([2, 2, 3], images.Dimensions);
        Assert.Equal(Images[16..], images.Data);
    }

    [Fact]
    public void ReadsGzipTheSameAsRaw()
    {
        IdxArray images = IdxReader.Read(new MemoryStream(Gzip(Images)), "images.gz");
        Assert.Equal([2, 2, 3], images.Dimensions);
        Assert.Equal(Images[16..], images.Data);
    }

    [Fact]
    public void ReadsFilesFromDiskByContentNotName()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("labels-idx1-ubyte"), Gzip(Labels)); // gzip without the .gz name
        Assert.Equal([7, 0, 9], IdxReader.Read(dir.File("labels-idx1-ubyte")).Data);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 0 }, 0, "magic number")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 0 }, 2, "type code")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, 3, "number of dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0 }, 4, "size of dimension 0")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0xFF, 0xFF, 0xFF, 0xFF }, 4, "size of dimension 0")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 3, 7, 0 }, 10, "data")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 7, 0 }, 9, "data")]
    public void MalformedHeadersNameTheOffsetAndField(byte[] bytes, long offset, string field)
    {
        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(new MemoryStream(bytes), "bad.idx"));
        Assert.Equal("bad.idx", error.FilePath);
        Assert.Equal(offset, error.Offset);
        Assert.StartsWith(field, error.Field);
        Assert.StartsWith($"bad.idx at byte {offset}", error.Message);
    }

    [Fact]
    public void HugeClaimedSizeDoesNotAllocateIt()
    {
        // [2^30] elements claimed, 4 present, inside gzip (so the length is unknown up front).
        byte[] bytes = Gzip([0, 0, 8, 1, 0x40, 0, 0, 0, 1, 2, 3, 4]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<DataFormatException>(() => IdxReader.Read(new MemoryStream(bytes), "huge.gz"));
        Assert.Contains("truncated", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20);
    }

    [Fact]
    public void ImageAndLabelFilesMustAgree()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("images"), Images);
        File.WriteAllBytes(dir.File("labels"), Labels);
        var mismatch = Assert.Throws<DataFormatException>(() => ImageDataset.FromIdxFiles(dir.File("images"), dir.File("labels")));
        Assert.Contains("3 labels", mismatch.Message);

        File.WriteAllBytes(dir.File("labels"), [0, 0, 8, 1, 0, 0, 0, 2, 4, 10]);
        var badLabel = Assert.Throws<DataFormatException>(() => ImageDataset.FromIdxFiles(dir.File("images"), dir.File("labels")));
        Assert.Equal(9, badLabel.Offset);

        File.WriteAllBytes(dir.File("labels"), [0, 0, 8, 1, 0, 0, 0, 2, 4, 9]);
        ImageDataset dataset = ImageDataset.FromIdxFiles(dir.File("images"), dir.File("labels"));
        Assert.Equal((2, 2, 3), (dataset.Count, dataset.Height, dataset.Width));
        Labeled<Dendrite.Tensors.Tensor> second = dataset.Get(1);
        Assert.Equal(9, second.Label);
        Assert.Equal([1f, 254 / 255f, 253 / 255f, 252 / 255f, 251 / 255f, 250 / 255f], second.Value.ToArray());
    }

    internal static byte[] Gzip(byte[] data)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
