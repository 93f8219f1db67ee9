using System.Text;
using Dendrite.Interop;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Interop;

/// <summary>Each class of malformed file gives a <see cref="CheckpointFormatException"/> naming the file and the tensor or field.</summary>
public sealed class SafetensorsErrorTests : IDisposable
{
    private const string Source = "case.safetensors";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string Entry(string name, string dtype, string shape, ulong begin, ulong end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    private static byte[] File(string headerBody, int dataBytes) =>
        SafetensorsBytes.Build("{" + headerBody + "}", new byte[dataBytes]);

    private static byte[] ValidTwoTensors() =>
        File(Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[1]", 8, 12), 12);

    private static byte[] WithLength(byte[] bytes, ulong length)
    {
        byte[] copy = (byte[])bytes.Clone();
        BitConverter.TryWriteBytes(copy.AsSpan(0, 8), length);
        return copy;
    }

    /// <summary>(case, file bytes, tensor the message must name or null, phrase the message must contain).</summary>
    public static TheoryData<string, byte[], string?, string> Cases() => new()
    {
        { "empty file", [], null, "truncated header" },
        { "five bytes", [1, 2, 3, 4, 5], null, "only 5 bytes" },
        { "header longer than file", WithLength(ValidTwoTensors(), 1000), null, "truncated header" },
        { "header length 2^60", WithLength(ValidTwoTensors(), 1UL << 60), null, "the limit is 100000000" },
        { "header length just over the limit", WithLength(ValidTwoTensors(), 100_000_001), null, "the limit is 100000000" },
        { "header length 2^64-1", WithLength(ValidTwoTensors(), ulong.MaxValue), null, "the limit is 100000000" },
        { "empty header", SafetensorsBytes.Build("", [], pad: false), null, "not valid JSON" },
        { "not JSON", SafetensorsBytes.Build("hello!!!", []), null, "not valid JSON" },
        { "trailing garbage after JSON", SafetensorsBytes.Build("{} x", []), null, "not valid JSON" },
        { "JSON array", SafetensorsBytes.Build("[1,2]", []), null, "must be a JSON object" },
        { "invalid UTF-8", SafetensorsBytes.Build([(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}'], []), null, "not valid UTF-8" },
        { "lone surrogate escape", SafetensorsBytes.Build("{\"\\ud800\":1}", []), null, "cannot be decoded" },
        { "tensor not an object", File("\"w\":5", 0), "w", "expected an object" },
        { "missing dtype", File("\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}", 4), "w", "field 'dtype' is missing" },
        { "missing shape", File("\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}", 4), "w", "field 'shape' is missing" },
        { "missing data_offsets", File("\"w\":{\"dtype\":\"F32\",\"shape\":[1]}", 4), "w", "field 'data_offsets' is missing" },
        { "dtype not a string", File("\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}", 4), "w", "field 'dtype' must be a string" },
        { "unknown dtype", File(Entry("w", "float32", "[1]", 0, 4), 4), "w", "dtype 'float32' is unknown" },
        { "sub-byte dtype", File(Entry("w", "F4", "[2]", 0, 1), 1), "w", "dtype 'F4' is unknown or not supported" },
        { "negative shape", File(Entry("w", "F32", "[-1]", 0, 4), 4), "w", "axis 0 must be an integer" },
        { "fractional shape", File(Entry("w", "F32", "[1,2.5]", 0, 4), 4), "w", "axis 1 must be an integer" },
        { "exponent in shape", File(Entry("w", "F32", "[1e0]", 0, 4), 4), "w", "axis 0 must be an integer" },
        { "shape not an array", File(Entry("w", "F32", "3", 0, 12), 12), "w", "field 'shape' must be an array" },
        { "element count overflow", File(Entry("w", "F32", "[4294967296,4294967296,4294967296]", 0, 4), 4), "w", "element count of shape" },
        { "byte count overflow", File(Entry("w", "F32", "[4611686018427387904]", 0, 4), 4), "w", "byte count of shape" },
        { "shape and span disagree", File(Entry("w", "F32", "[3]", 0, 8), 8), "w", "need 12 bytes (3 × 4), but data_offsets [0, 8] span 8 bytes" },
        { "one data offset", File("\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}", 4), "w", "found an array of 1 values" },
        { "negative data offset", File("\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}", 4), "w", "found [-4, 0]" },
        { "offset above 2^64", File("\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,18446744073709551616]}", 4), "w", "two integers in [0, 2^64)" },
        { "end before begin", File(Entry("w", "F32", "[0]", 8, 4), 8), "w", "end before they begin" },
        { "overlap", File(Entry("a", "F32", "[2]", 0, 8) + "," + Entry("b", "F32", "[2]", 4, 12), 12), "b", "overlap tensor 'a' at [0, 8]" },
        { "gap", File(Entry("a", "F32", "[1]", 0, 4) + "," + Entry("b", "F32", "[1]", 8, 12), 12), "b", "gap of 4 bytes" },
        { "gap at the start", File(Entry("a", "F32", "[1]", 4, 8), 8), "a", "the data starts at 0" },
        { "offsets beyond the data", File(Entry("a", "F32", "[2]", 0, 8), 4), "a", "reach beyond the data: only 4 bytes follow the header" },
        { "huge offsets", File(Entry("a", "F32", "[288230376151711744]", 0, 1UL << 60), 4), "a", "reach beyond the data" },
        { "truncated body", ValidTwoTensors()[..^1], "b", "reach beyond the data" },
        { "trailing bytes", [.. ValidTwoTensors(), 0], null, "1 bytes follow the last tensor's data" },
        { "duplicate names", File(Entry("a", "F32", "[1]", 0, 4) + "," + Entry("a", "F32", "[1]", 4, 8), 8), "a", "lists this tensor twice" },
        { "duplicate field", File("\"w\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", 4), "w", "field 'dtype' appears twice" },
        { "metadata value not a string", SafetensorsBytes.Build("{\"__metadata__\":{\"epoch\":3}}", []), null, "entry 'epoch' must be a string" },
        { "metadata not an object", SafetensorsBytes.Build("{\"__metadata__\":[]}", []), null, "'__metadata__' must be an object" },
        { "metadata twice", SafetensorsBytes.Build("{\"__metadata__\":{},\"__metadata__\":{}}", []), null, "'__metadata__' twice" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MalformedFileThrowsNamingFileAndTensor(string name, byte[] bytes, string? tensor, string phrase)
    {
        var error = Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Load(new MemoryStream(bytes), Source));

        Assert.StartsWith(Source + ": ", error.Message);
        Assert.Equal(Source, error.FilePath);
        Assert.Equal(tensor, error.TensorName);
        if (tensor is not null)
        {
            Assert.Contains($"tensor '{tensor}'", error.Message);
        }
        Assert.True(error.Message.Contains(phrase, StringComparison.Ordinal), $"{name}: '{error.Message}' lacks '{phrase}'");

        // Streams of unknown length must fail the same way (though the message may differ for truncation).
        Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Load(new NonSeekableStream(bytes), Source));
    }

    [Fact]
    public void ErrorFromFileNamesThePath()
    {
        string path = _directory.File("broken.safetensors");
        System.IO.File.WriteAllBytes(path, ValidTwoTensors()[..^3]);

        var error = Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Load(path));

        Assert.StartsWith(path + ": tensor 'b': ", error.Message);
        Assert.IsAssignableFrom<IOException>(error);
    }

    [Fact]
    public void HugeHeaderClaimOnNonSeekableStreamFailsWithoutAllocatingIt()
    {
        byte[] bytes = WithLength(ValidTwoTensors(), 99_999_999);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Load(new NonSeekableStream(bytes), Source));

        Assert.Contains("truncated header", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 8 << 20);
    }

    [Fact]
    public void MissingTensorInLoadIntoNamesItAndWhatTheFileHas()
    {
        var target = new Tensor(2);

        var error = Assert.Throws<CheckpointFormatException>(() =>
            SafetensorsFile.LoadInto(new MemoryStream(ValidTwoTensors()), new Dictionary<string, Tensor> { ["c"] = target }, Source));

        Assert.Equal(Source + ": tensor 'c': missing from the file; the file has 'a', 'b'.", error.Message);
        Assert.Equal("c", error.TensorName);
    }

    [Fact]
    public void MisShapedTensorInLoadIntoNamesBothShapesAndChangesNothing()
    {
        var a = Tensor.Full(7f, 2);
        var b = Tensor.Full(7f, 2);

        var error = Assert.Throws<CheckpointFormatException>(() =>
            SafetensorsFile.LoadInto(new MemoryStream(ValidTwoTensors()), new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b }, Source));

        Assert.Equal(Source + ": tensor 'b': shape mismatch: the target tensor has shape [2], the file has [1] (dtype F32).", error.Message);
        Assert.Equal([7f, 7f], a.ToArray());
    }

    [Fact]
    public void ConversionsRejectWhatDoesNotFit()
    {
        byte[] bytes = new SafetensorsWriter()
            .AddInt64("neg", [-1])
            .AddUInt64("big", [ulong.MaxValue])
            .Add("w", new Tensor(1))
            .ToArray();
        SafetensorsFile file = SafetensorsFile.Load(new MemoryStream(bytes), Source);

        Assert.Contains("ToInt64Array or ToUInt64Array", Assert.Throws<CheckpointFormatException>(() => file.GetTensor("neg")).Message);
        Assert.Contains("does not fit an unsigned", Assert.Throws<CheckpointFormatException>(() => file["neg"].ToUInt64Array()).Message);
        Assert.Contains("does not fit a signed", Assert.Throws<CheckpointFormatException>(() => file["big"].ToInt64Array()).Message);
        Assert.Contains("not an integer type", Assert.Throws<CheckpointFormatException>(() => file["w"].ToInt64Array()).Message);
        Assert.Contains("missing from the file", Assert.Throws<CheckpointFormatException>(() => file["nope"]).Message);
    }

    [Fact]
    public void ZeroElementTensorWithHugeAxisLoadsButCannotBecomeATensor()
    {
        byte[] bytes = File(Entry("w", "F32", "[0,4294967296]", 0, 0), 0);
        SafetensorsFile file = SafetensorsFile.Load(new MemoryStream(bytes), Source);

        Assert.Equal(0, file["w"].ElementCount);
        Assert.Contains("more than a Dendrite tensor can hold", Assert.Throws<CheckpointFormatException>(() => file.GetTensor("w")).Message);
    }

    [Fact]
    public void VeryLongNamesAreShortenedInMessages()
    {
        string name = new('x', 5000);
        byte[] bytes = File(Entry(name, "F32", "[2]", 0, 4), 4);

        var error = Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Load(new MemoryStream(bytes), Source));

        Assert.Equal(name, error.TensorName);
        Assert.Contains("(5000 characters)", error.Message);
        Assert.True(error.Message.Length < 600);
    }

    [Fact]
    public void ByteOrderMarkIsRejectedLikeTheReferenceReader()
    {
        byte[] bytes = SafetensorsBytes.Build([0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes("{}")], []);

        Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Load(new MemoryStream(bytes), Source));
    }
}
