using System.Buffers.Binary;
using System.Text;
using Dendrite.Interop;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Interop;

/// <summary>
/// The written bytes against files built by hand from the format specification
/// (huggingface/safetensors README and its serializer: 8-byte LE length, compact JSON header padded
/// with spaces to a multiple of 8, data ordered by decreasing dtype alignment then name).
/// </summary>
public sealed class SafetensorsLayoutTests
{
    [Fact]
    public void TinyFileMatchesHandBuiltBytes()
    {
        var writer = new SafetensorsWriter().Add("a", Tensor.FromArray([1f, -2f], 2));

        // {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 54 bytes; 2 spaces pad it to 56.
        byte[] expected =
        [
            56, 0, 0, 0, 0, 0, 0, 0,
            .. Encoding.ASCII.GetBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"),
            (byte)' ', (byte)' ',
            0x00, 0x00, 0x80, 0x3F, // 1.0f
            0x00, 0x00, 0x00, 0xC0, // -2.0f
        ];
        Assert.Equal(54, Encoding.ASCII.GetByteCount("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}"));
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void HeaderOfMultipleOfEightBytesGetsNoPadding()
    {
        var writer = new SafetensorsWriter().Add("attn.0", Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 2, 3));

        const string Header = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
        Assert.Equal(64, Header.Length);
        byte[] expected = [64, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(Header), .. SafetensorsBytes.Floats(0f, 1f, 2f, 3f, 4f, 5f)];
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void HeaderIsPaddedSoDataStartsAlignedToEight()
    {
        var writer = new SafetensorsWriter().Add("attn0", Tensor.FromArray([0f, 1f, 2f, 3f, 4f, 5f], 1, 1, 2, 3));

        const string Header = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        Assert.Equal(65, Header.Length);
        byte[] expected = [72, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(Header + "       "), .. SafetensorsBytes.Floats(0f, 1f, 2f, 3f, 4f, 5f)];
        Assert.Equal(expected, writer.ToArray());
    }

    [Fact]
    public void EmptyFileIsBracesAndPadding()
    {
        Assert.Equal([8, 0, 0, 0, 0, 0, 0, 0, .. "{}      "u8.ToArray()], new SafetensorsWriter().ToArray());
    }

    [Fact]
    public void MetadataComesFirst()
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["framework"] = "pt";

        const string Header = "{\"__metadata__\":{\"framework\":\"pt\"}}";
        Assert.Equal(35, Header.Length);
        Assert.Equal([40, 0, 0, 0, 0, 0, 0, 0, .. Encoding.ASCII.GetBytes(Header + "     ")], writer.ToArray());
    }

    [Fact]
    public void TensorsAreOrderedByDecreasingAlignmentThenName()
    {
        var writer = new SafetensorsWriter()
            .AddUInt8("z_mask", [1, 0, 1])
            .Add("b", Tensor.FromArray([2f], 1))
            .Add("a", Tensor.FromArray([1f], 1))
            .AddInt64("step", [7], [])
            .AddUInt64("rng", [ulong.MaxValue, 5])
            .AddInt32("count", [-3]);

        byte[] bytes = writer.ToArray();

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Equal(
            "{\"rng\":{\"dtype\":\"U64\",\"shape\":[2],\"data_offsets\":[0,16]}," +
            "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]}," +
            "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[24,28]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[28,32]}," +
            "\"count\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[32,36]}," +
            "\"z_mask\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[36,39]}}",
            header.TrimEnd(' '));
        Assert.Equal(0ul, headerLength % 8);
        byte[] data = bytes[(8 + (int)headerLength)..];
        byte[] expectedData =
        [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 5, 0, 0, 0, 0, 0, 0, 0, // rng
            7, 0, 0, 0, 0, 0, 0, 0, // step
            0x00, 0x00, 0x80, 0x3F, // a = 1
            0x00, 0x00, 0x00, 0x40, // b = 2
            0xFD, 0xFF, 0xFF, 0xFF, // count = -3
            1, 0, 1, // z_mask
        ];
        Assert.Equal(expectedData, data);
    }

    [Fact]
    public void NamesSortByUtf8BytesAndStringsEscapeOnlyWhatJsonRequires()
    {
        // U+FF5E sorts before U+1F9E0 in UTF-8 (EF.. < F0..), but after it in UTF-16 (FF5E > D83E).
        var writer = new SafetensorsWriter()
            .Add("\U0001F9E0", Tensor.FromArray([1f], 1))
            .Add("\uFF5E", Tensor.FromArray([2f], 1))
            .Add("q\"b\\n\n\u0001</>", Tensor.FromArray([3f], 1));
        writer.Metadata["k"] = "é\t\u001f\u007f";

        byte[] bytes = writer.ToArray();

        string header = Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes)).TrimEnd(' ');
        Assert.Equal(
            "{\"__metadata__\":{\"k\":\"é\\t\\u001f\u007f\"}," +
            "\"q\\\"b\\\\n\\n\\u0001</>\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
            "\"\uFF5E\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}," +
            "\"\U0001F9E0\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
            header);
    }

    [Fact]
    public void FileInPythonLayoutLoads()
    {
        // As numpy's save_file would write it: F64, F32, BF16/F16, then one-byte types; metadata first.
        const string Header =
            "{\"__metadata__\":{\"format\":\"np\"}," +
            "\"w64\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}," +
            "\"w32\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[16,20]}," +
            "\"bf\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[20,24]}," +
            "\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[24,32]}," +
            "\"flag\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[32,34]}," +
            "\"i8\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[34,35]}," +
            "\"none\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[35,35]}}";
        byte[] data =
        [
            0x9A, 0x99, 0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F, // 0.1 (double)
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0xFF, // -inf (double)
            0x00, 0x00, 0x20, 0xC0, // -2.5f
            0x80, 0x3F, 0x20, 0xC0, // bf16 1.0, -2.5
            0x00, 0x3C, 0x00, 0xC1, 0xFF, 0x7B, 0x01, 0x00, // f16 1.0, -2.5, 65504, smallest subnormal
            0x01, 0x00, // true, false
            0x80, // -128
        ];

        SafetensorsFile file = SafetensorsFile.Load(new MemoryStream(SafetensorsBytes.Build(Header, data)), "python.safetensors");

        Assert.Equal(new Dictionary<string, string> { ["format"] = "np" }, file.Metadata);
        Assert.Equal(["w64", "w32", "bf", "h", "flag", "i8", "none"], file.Entries.Select(entry => entry.Name));
        Assert.Equal([(float)0.1, float.NegativeInfinity], file.GetTensor("w64").ToArray());
        Assert.Equal(-2.5f, file.GetTensor("w32").ToScalar());
        Assert.Equal(0, file.GetTensor("w32").Rank);
        Assert.Equal([1f, -2.5f], file.GetTensor("bf").ToArray());
        Tensor half = file.GetTensor("h");
        Assert.Equal([2, 2], half.Shape.ToArray());
        Assert.Equal([1f, -2.5f, 65504f, (float)BitConverter.UInt16BitsToHalf(1)], half.ToArray());
        Assert.Equal([1f, 0f], file.GetTensor("flag").ToArray());
        Assert.Equal([1L, 0L], file["flag"].ToInt64Array());
        Assert.Equal([-128L], file["i8"].ToInt64Array());
        Assert.Equal([0, 3], file.GetTensor("none").Shape.ToArray());
    }

    [Fact]
    public void KeyOrderAndWhitespaceInTheHeaderDoNotMatter()
    {
        // Older writers ordered keys by name, not offset; JSON allows whitespace anywhere between tokens.
        const string Header = "\n { \"b\" : { \"data_offsets\" : [ 4 , 8 ] , \"shape\" : [ 1 ] , \"dtype\" : \"F32\" , \"extra\" : [ ] } ,\n" +
                              "   \"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]} }\t";

        SafetensorsFile file = SafetensorsFile.Load(new MemoryStream(SafetensorsBytes.Build(Header, SafetensorsBytes.Floats(1f, 2f), pad: false)));

        Assert.Equal(["a", "b"], file.Entries.Select(entry => entry.Name));
        Assert.Equal([2f], file.GetTensor("b").ToArray());
    }
}
