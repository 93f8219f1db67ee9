using Dendrite.Interop;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Interop;

public sealed class SafetensorsRoundTripTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly uint[] s_specialBits =
    [
        0x7FC00000, // quiet NaN
        0x7FC00001, // quiet NaN with a payload
        0xFFC12345, // negative NaN with a payload
        0x7F800001, // signalling NaN
        0x80000000, // -0
        0x7F800000, // +inf
        0xFF800000, // -inf
        0x00000001, // smallest subnormal
        0x7F7FFFFF, // float.MaxValue
        0x3F800000, // 1
    ];

    [Fact]
    public void FloatValuesRoundTripBitExact()
    {
        float[] values = s_specialBits.Select(BitConverter.UInt32BitsToSingle).ToArray();
        string path = _directory.File("special.safetensors");

        SafetensorsWriter.Save(path, [new("special", Tensor.FromArray(values, 2, 5))]);
        Tensor loaded = SafetensorsFile.Load(path).GetTensor("special");

        Assert.Equal([2, 5], loaded.Shape.ToArray());
        Assert.Equal(s_specialBits, loaded.ToArray().Select(BitConverter.SingleToUInt32Bits));
        Assert.Equal("special", loaded.Name);
    }

    [Fact]
    public void ShapesIncludingScalarsAndZeroLengthRoundTrip()
    {
        var rng = new Rng(7);
        int[][] shapes = [[], [0], [3, 0, 2], [1], [2, 3, 4], [5]];
        var tensors = new Dictionary<string, Tensor>();
        for (int i = 0; i < shapes.Length; i++)
        {
            var tensor = new Tensor(shapes[i]);
            for (int j = 0; j < tensor.Length; j++)
            {
                tensor.Span[j] = rng.NextNormal();
            }
            tensors[$"t{i}"] = tensor;
        }
        var metadata = new Dictionary<string, string> { ["epoch"] = "3", ["note"] = "quote \" backslash \\ newline \n ctrl \u0001 é 🧠" };
        var stream = new MemoryStream();

        SafetensorsWriter.Save(stream, tensors, metadata);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Load(stream);

        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(tensors.Count, file.Entries.Count);
        foreach ((string name, Tensor expected) in tensors)
        {
            Tensor actual = file.GetTensor(name);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.ToArray(), actual.ToArray());
        }
    }

    [Fact]
    public void IntegerStateRoundTrips()
    {
        var rng = new Rng(42);
        rng.NextUInt64();
        byte[] bytes = new SafetensorsWriter()
            .AddInt64("step", [123_456_789_012], [])
            .AddInt64("extremes", [long.MinValue, -1, 0, long.MaxValue], [2, 2])
            .AddUInt64("rng", [rng.Key, rng.Counter])
            .AddUInt64("max", [ulong.MaxValue])
            .AddInt32("ints", [int.MinValue, int.MaxValue])
            .AddUInt8("mask", [0, 255, 1])
            .ToArray();

        SafetensorsFile file = SafetensorsFile.Load(new MemoryStream(bytes));

        Assert.Equal(SafetensorsDType.I64, file["step"].DType);
        Assert.Equal(0, file["step"].Shape.Length);
        Assert.Equal([123_456_789_012L], file["step"].ToInt64Array());
        Assert.Equal([long.MinValue, -1, 0, long.MaxValue], file["extremes"].ToInt64Array());
        Assert.Equal([2L, 2L], file["extremes"].Shape.ToArray());
        ulong[] state = file["rng"].ToUInt64Array();
        var restored = new Rng(state[0], state[1]);
        Assert.Equal(rng.NextUInt64(), restored.NextUInt64());
        Assert.Equal([ulong.MaxValue], file["max"].ToUInt64Array());
        Assert.Equal([(long)int.MinValue, int.MaxValue], file["ints"].ToInt64Array());
        Assert.Equal([0L, 255, 1], file["mask"].ToInt64Array());
        Assert.Equal([0f, 255f, 1f], file.GetTensor("mask").ToArray());
    }

    [Fact]
    public void LoadsFromNonSeekableStream()
    {
        byte[] bytes = new SafetensorsWriter()
            .Add("w", Tensor.FromArray([1f, 2f, 3f], 3))
            .AddInt64("step", [5], [])
            .ToArray();

        SafetensorsFile file = SafetensorsFile.Load(new NonSeekableStream(bytes), "pipe");

        Assert.Equal([1f, 2f, 3f], file.GetTensor("w").ToArray());
        Assert.Equal([5L], file["step"].ToInt64Array());
        Assert.Equal("pipe", file.Source);
    }

    [Fact]
    public void LoadIntoCopiesByNameAndIgnoresExtraTensors()
    {
        string path = _directory.File("model.safetensors");
        new SafetensorsWriter()
            .Add("w", Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2))
            .Add("b", Tensor.FromArray([5f], 1))
            .AddInt64("step", [9], [])
            .Save(path);
        var w = new Tensor(2, 2);
        var b = new Tensor(1);

        SafetensorsFile.LoadInto(path, new Dictionary<string, Tensor> { ["w"] = w, ["b"] = b });

        Assert.Equal([1f, 2f, 3f, 4f], w.ToArray());
        Assert.Equal([5f], b.ToArray());
    }

    [Fact]
    public void SaveNeverOverwritesWithoutTheFlag()
    {
        string path = _directory.File("ckpt.safetensors");
        var writer = new SafetensorsWriter().Add("w", Tensor.FromArray([1f], 1));
        writer.Save(path);
        byte[] original = File.ReadAllBytes(path);

        var error = Assert.Throws<IOException>(() => new SafetensorsWriter().Add("w", Tensor.FromArray([2f], 1)).Save(path));

        Assert.Contains(path, error.Message);
        Assert.Equal(original, File.ReadAllBytes(path));
        new SafetensorsWriter().Add("w", Tensor.FromArray([2f], 1)).Save(path, overwrite: true);
        Assert.Equal([2f], SafetensorsFile.Load(path).GetTensor("w").ToArray());
        Assert.Equal(["ckpt.safetensors"], _directory.FileNames());
    }

    [Fact]
    public void ValuesAreReadWhenSavedNotWhenAdded()
    {
        var tensor = Tensor.FromArray([1f], 1);
        var writer = new SafetensorsWriter().Add("w", tensor);
        tensor.Span[0] = 2f;

        Assert.Equal([2f], SafetensorsFile.Load(new MemoryStream(writer.ToArray())).GetTensor("w").ToArray());
    }

    [Fact]
    public void WriterRejectsBadNamesAndShapes()
    {
        var writer = new SafetensorsWriter().Add("w", new Tensor(1));

        Assert.Contains("already", Assert.Throws<ArgumentException>(() => writer.Add("w", new Tensor(1))).Message);
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", new Tensor(1))).Message);
        Assert.Throws<ArgumentException>(() => writer.Add("", new Tensor(1)));
        Assert.Contains("surrogate", Assert.Throws<ArgumentException>(() => writer.Add("bad\uD800", new Tensor(1))).Message);
        Assert.Contains("do not fill shape [2, 2]", Assert.Throws<ArgumentException>(() => writer.AddInt64("x", [1, 2, 3], [2, 2])).Message);
        Assert.Equal(1, writer.Count);
    }
}
