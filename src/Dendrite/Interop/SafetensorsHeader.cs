using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Dendrite.Interop;

/// <summary>
/// The parsed and validated JSON header of a safetensors file: the tensors in data order and the metadata.
/// </summary>
/// <remarks>
/// Validation follows the reference implementation (huggingface/safetensors, <c>Metadata::validate</c>):
/// tensors sorted by offsets must start at 0 and follow each other without gaps or overlaps, and each
/// span must equal element count × element size, computed without overflow. It is stricter in two places:
/// duplicate names or fields are errors (JSON parsers disagree on which one wins), and a shape length
/// above 2^63-1 is rejected.
/// </remarks>
internal sealed class SafetensorsHeader
{
    /// <summary>The reference implementation's limit on the header length (100 MB).</summary>
    public const ulong MaxLength = 100_000_000;

    public const string MetadataKey = "__metadata__";

    private SafetensorsHeader(List<Record> tensors, Dictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
        DataLength = tensors.Count == 0 ? 0 : tensors[^1].End;
    }

    /// <summary>The tensors, sorted by their data offsets.</summary>
    public IReadOnlyList<Record> Tensors { get; }

    public Dictionary<string, string> Metadata { get; }

    /// <summary>The number of data bytes the tensors cover.</summary>
    public ulong DataLength { get; }

    /// <summary>One tensor's header entry, already checked for consistency.</summary>
    public sealed record Record(string Name, SafetensorsDType DType, long[] Shape, ulong Begin, ulong End)
    {
        public ulong ByteLength => End - Begin;
    }

    /// <summary>Parses a header.</summary>
    /// <param name="header">The N bytes after the length field.</param>
    /// <param name="source">The file path or stream name, for messages.</param>
    /// <exception cref="CheckpointFormatException">The header is malformed or inconsistent.</exception>
    public static SafetensorsHeader Parse(ReadOnlyMemory<byte> header, string source)
    {
        if (!Utf8.IsValid(header.Span))
        {
            throw Error(source, null, $"the header is not valid UTF-8 (first invalid byte at header offset {FirstInvalidUtf8(header.Span)}).");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw Error(source, null, $"the header is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return FromJson(document.RootElement, source);
            }
            catch (InvalidOperationException e)
            {
                // JsonElement throws this for strings it cannot decode, such as a lone surrogate escape.
                throw Error(source, null, $"the header holds a string that cannot be decoded: {e.Message}", e);
            }
        }
    }

    private static SafetensorsHeader FromJson(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, null, $"the header must be a JSON object mapping tensor names to {{dtype, shape, data_offsets}}; found a JSON {Kind(root)}.");
        }

        var tensors = new List<Record>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string name = property.Name;
            if (!names.Add(name))
            {
                throw Error(source, name == MetadataKey ? null : name,
                    name == MetadataKey ? $"the header has the key '{MetadataKey}' twice." : "the header lists this tensor twice.");
            }
            if (name == MetadataKey)
            {
                ParseMetadata(property.Value, source, metadata);
            }
            else
            {
                tensors.Add(ParseTensor(name, property.Value, source));
            }
        }

        // The reference reader sorts by (begin, end) because writers have used different key orders.
        tensors.Sort((left, right) => left.Begin != right.Begin ? left.Begin.CompareTo(right.Begin) : left.End.CompareTo(right.End));
        CheckContiguous(tensors, source);
        return new SafetensorsHeader(tensors, metadata);
    }

    private static void ParseMetadata(JsonElement value, string source, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            // The reference implementation reads a null '__metadata__' as no metadata.
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, null, $"header field '{MetadataKey}' must be an object of string values; found a JSON {Kind(value)}.");
        }
        foreach (JsonProperty entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw Error(source, null,
                    $"header field '{MetadataKey}' entry {CheckpointFormatException.Quote(entry.Name)} must be a string; found a JSON {Kind(entry.Value)}.");
            }
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw Error(source, null, $"header field '{MetadataKey}' has the key {CheckpointFormatException.Quote(entry.Name)} twice.");
            }
        }
    }

    private static Record ParseTensor(string name, JsonElement value, string source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(source, name, $"expected an object {{dtype, shape, data_offsets}}; found a JSON {Kind(value)}.");
        }

        JsonElement? dtypeElement = null;
        JsonElement? shapeElement = null;
        JsonElement? offsetsElement = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            // Unknown fields are ignored, as the reference reader does.
            switch (field.Name)
            {
                case "dtype":
                    SetOnce(ref dtypeElement, field, name, source);
                    break;
                case "shape":
                    SetOnce(ref shapeElement, field, name, source);
                    break;
                case "data_offsets":
                    SetOnce(ref offsetsElement, field, name, source);
                    break;
            }
        }

        SafetensorsDType dtype = ParseDType(Required(dtypeElement, "dtype", name, source), name, source);
        long[] shape = ParseShape(Required(shapeElement, "shape", name, source), name, source);
        (ulong begin, ulong end) = ParseOffsets(Required(offsetsElement, "data_offsets", name, source), name, source);

        if (end < begin)
        {
            throw Error(source, name, $"data_offsets [{begin}, {end}] end before they begin.");
        }
        ulong elements = 1;
        foreach (long length in shape)
        {
            if (!TryMultiply(elements, (ulong)length, out elements))
            {
                throw Error(source, name, $"the element count of shape {FormatShape(shape)} overflows 64 bits.");
            }
        }
        int size = SafetensorsDTypeInfo.Size(dtype);
        if (!TryMultiply(elements, (ulong)size, out ulong bytes))
        {
            throw Error(source, name, $"the byte count of shape {FormatShape(shape)} with dtype {SafetensorsDTypeInfo.Name(dtype)} overflows 64 bits.");
        }
        if (bytes != end - begin)
        {
            throw Error(source, name,
                $"dtype {SafetensorsDTypeInfo.Name(dtype)} and shape {FormatShape(shape)} need {bytes} bytes ({elements} × {size}), " +
                $"but data_offsets [{begin}, {end}] span {end - begin} bytes.");
        }
        return new Record(name, dtype, shape, begin, end);
    }

    private static void CheckContiguous(List<Record> tensors, string source)
    {
        ulong expected = 0;
        Record? previous = null;
        foreach (Record tensor in tensors)
        {
            if (tensor.Begin > expected)
            {
                string after = previous is null ? "the data starts at 0" : $"the previous tensor {CheckpointFormatException.Quote(previous.Name)} ends at {expected}";
                throw Error(source, tensor.Name,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] leave a gap of {tensor.Begin - expected} bytes: {after}. Tensors must cover the data without gaps.");
            }
            if (tensor.Begin < expected)
            {
                throw Error(source, tensor.Name,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] overlap tensor {CheckpointFormatException.Quote(previous!.Name)} " +
                    $"at [{previous.Begin}, {previous.End}]. Tensors must not overlap.");
            }
            expected = tensor.End;
            previous = tensor;
        }
    }

    private static SafetensorsDType ParseDType(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw Error(source, name, $"field 'dtype' must be a string such as \"F32\"; found a JSON {Kind(element)}.");
        }
        string text = element.GetString()!;
        if (!SafetensorsDTypeInfo.TryParse(text, out SafetensorsDType dtype))
        {
            throw Error(source, name, $"dtype {CheckpointFormatException.Quote(text)} is unknown or not supported; expected one of {SafetensorsDTypeInfo.KnownNames}.");
        }
        return dtype;
    }

    private static long[] ParseShape(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Error(source, name, $"field 'shape' must be an array of non-negative integers; found a JSON {Kind(element)}.");
        }
        var shape = new long[element.GetArrayLength()];
        int axis = 0;
        foreach (JsonElement length in element.EnumerateArray())
        {
            if (!TryNonNegativeInteger(length, out ulong value) || value > long.MaxValue)
            {
                throw Error(source, name, $"field 'shape' axis {axis} must be an integer in [0, 2^63); found {Describe(length)}.");
            }
            shape[axis++] = (long)value;
        }
        return shape;
    }

    private static (ulong Begin, ulong End) ParseOffsets(JsonElement element, string name, string source)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 2)
        {
            string found = element.ValueKind == JsonValueKind.Array ? $"an array of {element.GetArrayLength()} values" : $"a JSON {Kind(element)}";
            throw Error(source, name, $"field 'data_offsets' must be an array [begin, end] of two non-negative integers; found {found}.");
        }
        JsonElement begin = element[0];
        JsonElement end = element[1];
        if (!TryNonNegativeInteger(begin, out ulong beginValue) || !TryNonNegativeInteger(end, out ulong endValue))
        {
            throw Error(source, name, $"field 'data_offsets' must hold two integers in [0, 2^64); found [{Describe(begin)}, {Describe(end)}].");
        }
        return (beginValue, endValue);
    }

    private static void SetOnce(ref JsonElement? slot, JsonProperty field, string name, string source)
    {
        if (slot is not null)
        {
            throw Error(source, name, $"field '{field.Name}' appears twice.");
        }
        slot = field.Value;
    }

    private static JsonElement Required(JsonElement? element, string field, string name, string source) =>
        element ?? throw Error(source, name, $"field '{field}' is missing; each tensor needs dtype, shape and data_offsets.");

    // Only plain digit strings, as the reference reader's usize fields accept: no sign, fraction or exponent.
    private static bool TryNonNegativeInteger(JsonElement element, out ulong value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number
            && ulong.TryParse(element.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryMultiply(ulong left, ulong right, out ulong product)
    {
        UInt128 wide = (UInt128)left * right;
        product = (ulong)wide;
        return wide <= ulong.MaxValue;
    }

    private static string Describe(JsonElement element)
    {
        string text = element.ValueKind switch
        {
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.String => $"the string \"{element.GetString()}\"",
            _ => $"a JSON {Kind(element)}",
        };
        return text.Length <= 80 ? text : text[..80] + "...";
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

    internal static string FormatShape(ReadOnlySpan<long> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }
            offset += consumed;
        }
        return offset;
    }

    private static CheckpointFormatException Error(string source, string? tensor, string detail, Exception? inner = null) =>
        new(source, tensor, detail, inner);
}
