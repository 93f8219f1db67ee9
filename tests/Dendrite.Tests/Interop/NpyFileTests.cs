using System.Buffers.Binary;
using System.Text;
using Dendrite.Interop.Numpy;
using Dendrite.Tensors;

namespace Dendrite.Tests.Interop;

public class NpyFileTests
{
    // What np.save(f, np.array([1, 2, 3], dtype='<f4')) writes (NumPy format spec, version 1.0):
    // magic, version 1.0, header length 118 ('v\0'), the dict padded with spaces to end at byte 127 with '\n'.
    private static byte[] NumpyFloat32Example()
    {
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
        string header = dict.PadRight(117) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0, (byte)'v', 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        foreach (float value in new[] { 1f, 2f, 3f })
        {
            var element = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(element, value);
            bytes.AddRange(element);
        }
        return [.. bytes];
    }

    [Fact]
    public void WritesExactlyWhatNumpyWrites()
    {
        using var stream = new MemoryStream();
        NpyFile.Write(stream, NpyArray.FromTensor(Tensor.FromArray([1f, 2f, 3f], 3)));
        Assert.Equal(NumpyFloat32Example(), stream.ToArray());
    }

    [Fact]
    public void ReadsNumpysBytes()
    {
        NpyArray array = NpyFile.Read(new MemoryStream(NumpyFloat32Example()), "example.npy");
        Assert.Equal(NpyDataType.Float32, array.DataType);
        Assert.Equal([3], array.Shape);
        Assert.Equal([1f, 2f, 3f], array.ToTensor().ToArray());
    }

    [Theory]
    [InlineData(NpyDataType.Bool)]
    [InlineData(NpyDataType.Int8)]
    [InlineData(NpyDataType.UInt8)]
    [InlineData(NpyDataType.Int16)]
    [InlineData(NpyDataType.UInt16)]
    [InlineData(NpyDataType.Int32)]
    [InlineData(NpyDataType.UInt32)]
    [InlineData(NpyDataType.Int64)]
    [InlineData(NpyDataType.UInt64)]
    [InlineData(NpyDataType.Float32)]
    [InlineData(NpyDataType.Float64)]
    public void RoundTripsEveryTypeAndShape(NpyDataType type)
    {
        foreach (int[] shape in new[] { Array.Empty<int>(), [0], [5], [2, 3], [2, 1, 4] })
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            int size = type switch { NpyDataType.Bool or NpyDataType.Int8 or NpyDataType.UInt8 => 1, NpyDataType.Int16 or NpyDataType.UInt16 => 2, NpyDataType.Int32 or NpyDataType.UInt32 or NpyDataType.Float32 => 4, _ => 8 };
            var data = new byte[count * size];
            new Random(count).NextBytes(data);
            if (type == NpyDataType.Bool)
            {
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] &= 1;
                }
            }
            using var stream = new MemoryStream();
            NpyFile.Write(stream, new NpyArray(type, shape, data));
            Assert.Equal(0, (stream.Length - data.Length) % 64);
            stream.Position = 0;
            NpyArray read = NpyFile.Read(stream, "round.npy");
            Assert.Equal(type, read.DataType);
            Assert.Equal(shape, read.Shape);
            Assert.Equal(data, read.Data);
        }
    }

    [Fact]
    public void ReadsBigEndianAndVersionTwo()
    {
        string header = "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }".PadRight(115) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([2, 0, 116, 0, 0, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange([0, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFE]);
        NpyArray array = NpyFile.Read(new MemoryStream([.. bytes]), "big.npy");
        Assert.Equal([256f, -2f], array.ToTensor().ToArray());
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "fortran_order")]
    [InlineData("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", "descr")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "extra")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "shape dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", "shape dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }", "shape")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "expected")]
    public void BadHeadersNameTheFileAndField(string dict, string expected)
    {
        string header = dict.PadRight(117) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange(Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange([1, 0, (byte)header.Length, 0]);
        bytes.AddRange(Encoding.ASCII.GetBytes(header));
        bytes.AddRange(new byte[8]);
        var error = Assert.Throws<NpyFormatException>(() => NpyFile.Read(new MemoryStream([.. bytes]), "bad.npy"));
        Assert.Contains("bad.npy", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void TruncatedDataNamesTheOffset()
    {
        byte[] bytes = NumpyFloat32Example()[..^3];
        var error = Assert.Throws<NpyFormatException>(() => NpyFile.Read(new MemoryStream(bytes), "cut.npy"));
        Assert.Contains("cut.npy: byte 128", error.Message);
    }

    [Fact]
    public void FuzzedFilesOnlyGiveFormatErrors()
    {
        // 2000 mutations (bit flips, truncations, byte overwrites) of valid files: each loads or throws
        // NpyFormatException; nothing else escapes, nothing hangs or allocates without bound.
        using var stream = new MemoryStream();
        NpyFile.Write(stream, NpyArray.FromTensor(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3)));
        byte[] valid = stream.ToArray();
        var rng = new Rng(42);
        int errors = 0;
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] mutated = Mutate(valid, rng);
            try
            {
                NpyFile.Read(new MemoryStream(mutated), $"fuzz{trial}.npy");
                NpyFile.Read(new NonSeekableStream(mutated), $"fuzz{trial}.npy");
            }
            catch (NpyFormatException error)
            {
                Assert.Contains($"fuzz{trial}.npy", error.Message);
                errors++;
            }
        }
        Assert.True(errors > 500, $"only {errors} of 2000 mutations were rejected; the mutations are too weak");
    }

    internal static byte[] Mutate(byte[] valid, Rng rng)
    {
        byte[] mutated = (byte[])valid.Clone();
        switch (rng.NextInt(4))
        {
            case 0:
                return mutated[..rng.NextInt(mutated.Length)];
            case 1:
                for (int flips = 1 + rng.NextInt(4); flips > 0; flips--)
                {
                    int bit = rng.NextInt(mutated.Length * 8);
                    mutated[bit / 8] ^= (byte)(1 << (bit % 8));
                }
                return mutated;
            case 2:
                // Overwrite a header byte with a character from the header's own alphabet.
                const string alphabet = "{}()',: 0123456789<>|fiubTrueFalsO\n";
                int position = 10 + rng.NextInt(Math.Max(1, Math.Min(mutated.Length, 128) - 10));
                mutated[Math.Min(position, mutated.Length - 1)] = (byte)alphabet[rng.NextInt(alphabet.Length)];
                return mutated;
            default:
                var noise = new byte[rng.NextInt(200)];
                for (int i = 0; i < noise.Length; i++)
                {
                    noise[i] = (byte)rng.NextInt(256);
                }
                return rng.NextInt(2) == 0 ? noise : [.. mutated[..Math.Min(8, mutated.Length)], .. noise];
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
