using Dendrite.Interop.Nir;
using Dendrite.Interop.Numpy;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

/// <summary>Byte-mutated NIR (HDF5) files and .npy inputs must read or fail with the format's own exception; never crash or hang.</summary>
public sealed class NirByteFuzzTests
{
    private const int Seed = 1234;

    private static byte[] Mutate(byte[] seed, Random random)
    {
        byte[] bytes = (byte[])seed.Clone();
        switch (random.Next(3))
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                for (int i = 1 + random.Next(8); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            default:
                int at = random.Next(bytes.Length - 8);
                random.NextBytes(bytes.AsSpan(at, 1 + random.Next(8)));
                return bytes;
        }
    }

    // Hdf5File validates every structure before libhdf5 sees the file; without that, libhdf5 1.10.8 crashes on some of these.
    [Fact]
    public void Mutated_nir_files_read_or_throw_NirFormatException()
    {
        var random = new Random(Seed);
        byte[][] seeds = [NirFile.ToImage(NirLayoutTests.ReferenceGraph()), NirFile.ToImage(NirHandGraphs.RecurrentLif(), gzip: false)];
        for (int i = 0; i < 1000; i++)
        {
            byte[] bytes = Mutate(seeds[i % 2], random);
            try
            {
                NirFile.ReadImage(bytes, $"fuzz-{i}.nir");
            }
            catch (NirFormatException error)
            {
                Assert.Contains($"fuzz-{i}.nir", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Mutated_npy_inputs_read_or_throw_NpyFormatException()
    {
        var random = new Random(Seed);
        using var stream = new MemoryStream();
        NpyFile.Write(stream, NpyArray.FromTensor(Dendrite.Tensors.Tensor.FromArray(Enumerable.Range(0, 24).Select(v => (float)v).ToArray(), 4, 2, 3)));
        byte[] seed = stream.ToArray();
        for (int i = 0; i < 1000; i++)
        {
            byte[] bytes = Mutate(seed, random);
            try
            {
                NpyFile.Read(new MemoryStream(bytes), $"fuzz-{i}.npy");
            }
            catch (NpyFormatException error)
            {
                Assert.Contains($"fuzz-{i}.npy", error.Message, StringComparison.Ordinal);
            }
        }
    }
}
