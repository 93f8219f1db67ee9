using System.IO.Compression;
using Dendrite.Interop.Numpy;
using Dendrite.Tensors;

namespace Dendrite.Tests.Interop;

public class NpzFileTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTripsNamedArrays(bool compress)
    {
        var arrays = new Dictionary<string, NpyArray>
        {
            ["spikes"] = NpyArray.FromTensor(Tensor.FromArray([0f, 1f, 1f, 0f], 2, 2)),
            ["labels"] = NpyArray.FromInt64([3L, 7L]),
        };
        using var stream = new MemoryStream();
        NpzFile.Write(stream, arrays, compress);
        stream.Position = 0;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            // np.savez names each entry "<key>.npy".
            Assert.Equal(["labels.npy", "spikes.npy"], zip.Entries.Select(e => e.FullName).Order());
        }
        stream.Position = 0;
        IReadOnlyDictionary<string, NpyArray> read = NpzFile.Read(stream, "pair.npz");
        Assert.Equal(arrays["spikes"].Data, read["spikes"].Data);
        Assert.Equal([2], read["labels"].Shape);
        Assert.Equal(7.0, read["labels"].ElementAsDouble(1));
    }

    [Fact]
    public void FuzzedArchivesOnlyGiveFormatErrors()
    {
        using var stream = new MemoryStream();
        NpzFile.Write(stream, new Dictionary<string, NpyArray> { ["x"] = NpyArray.FromTensor(Tensor.FromArray([1f, 2f, 3f], 3)) });
        byte[] valid = stream.ToArray();
        var rng = new Rng(7);
        for (int trial = 0; trial < 1000; trial++)
        {
            byte[] mutated = NpyFileTests.Mutate(valid, rng);
            try
            {
                NpzFile.Read(new MemoryStream(mutated), $"fuzz{trial}.npz");
            }
            catch (NpyFormatException error)
            {
                Assert.Contains($"fuzz{trial}.npz", error.Message);
            }
        }
    }
}
