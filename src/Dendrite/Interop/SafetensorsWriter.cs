using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Dendrite.Tensors;

namespace Dendrite.Interop;

/// <summary>
/// Writes safetensors files that the reference implementation (Python <c>safetensors</c>) reads:
/// float32 tensors for parameters, and I64/U64/I32/U8 tensors for integer state such as step counters
/// and RNG state.
/// </summary>
/// <remarks>
/// The layout is the reference writer's: tensors ordered by decreasing dtype alignment, then by name
/// (UTF-8 byte order), data contiguous from offset 0, and the JSON header padded with spaces to a
/// multiple of 8 bytes so every tensor starts aligned to its element size. The header JSON is compact
/// and escapes only what JSON requires, like the reference writer; <c>__metadata__</c> comes first,
/// keys sorted. Tensors added with <see cref="Add(string, Tensor)"/> are not copied: their values are
/// read when the file is saved.
/// </remarks>
public sealed class SafetensorsWriter
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<Pending> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>String metadata written to the header's <c>__metadata__</c> object (omitted when empty).</summary>
    public IDictionary<string, string> Metadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Number of tensors added.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds a float32 tensor (dtype F32). Its values are read when the file is saved.</summary>
    /// <exception cref="ArgumentException">The name is empty, reserved, already used, or not valid Unicode.</exception>
    public SafetensorsWriter Add(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        long[] shape = ToLongs(tensor.Shape.Lengths);
        AddPending(name, SafetensorsDType.F32, shape, tensor, null);
        return this;
    }

    /// <summary>Adds 64-bit signed integers (dtype I64).</summary>
    /// <param name="name">The tensor's name in the file.</param>
    /// <param name="values">The values, row-major; copied.</param>
    /// <param name="shape">The shape; null for a vector of all values, <c>[]</c> for a scalar.</param>
    public SafetensorsWriter AddInt64(string name, ReadOnlySpan<long> values, int[]? shape = null) =>
        AddValues(name, SafetensorsDType.I64, values, shape);

    /// <summary>Adds 64-bit unsigned integers (dtype U64), e.g. RNG keys and counters.</summary>
    /// <param name="name">The tensor's name in the file.</param>
    /// <param name="values">The values, row-major; copied.</param>
    /// <param name="shape">The shape; null for a vector of all values, <c>[]</c> for a scalar.</param>
    public SafetensorsWriter AddUInt64(string name, ReadOnlySpan<ulong> values, int[]? shape = null) =>
        AddValues(name, SafetensorsDType.U64, values, shape);

    /// <summary>Adds 32-bit signed integers (dtype I32).</summary>
    /// <param name="name">The tensor's name in the file.</param>
    /// <param name="values">The values, row-major; copied.</param>
    /// <param name="shape">The shape; null for a vector of all values, <c>[]</c> for a scalar.</param>
    public SafetensorsWriter AddInt32(string name, ReadOnlySpan<int> values, int[]? shape = null) =>
        AddValues(name, SafetensorsDType.I32, values, shape);

    /// <summary>Adds bytes (dtype U8), e.g. masks.</summary>
    /// <param name="name">The tensor's name in the file.</param>
    /// <param name="values">The values, row-major; copied.</param>
    /// <param name="shape">The shape; null for a vector of all values, <c>[]</c> for a scalar.</param>
    public SafetensorsWriter AddUInt8(string name, ReadOnlySpan<byte> values, int[]? shape = null) =>
        AddValues(name, SafetensorsDType.U8, values, shape);

    /// <summary>Writes the file atomically (see <see cref="AtomicFile"/>).</summary>
    /// <param name="path">The target file; its directory must exist.</param>
    /// <param name="overwrite">Replace an existing file; without it an existing file is an <see cref="IOException"/>.</param>
    public void Save(string path, bool overwrite = false) => AtomicFile.Write(path, Save, overwrite);

    /// <summary>Writes the file's bytes to <paramref name="stream"/> at its current position.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        List<Pending> ordered = [.. _tensors];
        // Decreasing alignment keeps every tensor aligned to its element size (the header is padded to 8).
        ordered.Sort((left, right) => left.DType != right.DType
            ? right.DType.CompareTo(left.DType)
            : left.Utf8Name.AsSpan().SequenceCompareTo(right.Utf8Name));

        byte[] header = BuildHeader(ordered);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        foreach (Pending tensor in ordered)
        {
            stream.Write(tensor.Tensor is null ? tensor.Bytes : SafetensorsDTypeInfo.LittleEndianBytes<float>(tensor.Tensor.Span));
        }
    }

    /// <summary>The file's bytes.</summary>
    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        Save(stream);
        return stream.ToArray();
    }

    /// <summary>Writes float32 tensors and optional metadata to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The target file; its directory must exist.</param>
    /// <param name="tensors">Names and tensors, e.g. a module's named parameters.</param>
    /// <param name="metadata">Strings for the header's <c>__metadata__</c>, or null.</param>
    /// <param name="overwrite">Replace an existing file; without it an existing file is an <see cref="IOException"/>.</param>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, bool overwrite = false) =>
        Create(tensors, metadata).Save(path, overwrite);

    /// <summary>Writes float32 tensors and optional metadata to <paramref name="stream"/>.</summary>
    public static void Save(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        Create(tensors, metadata).Save(stream);

    private static SafetensorsWriter Create(IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var writer = new SafetensorsWriter();
        foreach ((string name, Tensor tensor) in tensors)
        {
            writer.Add(name, tensor);
        }
        if (metadata is not null)
        {
            foreach ((string key, string value) in metadata)
            {
                writer.Metadata.Add(key, value);
            }
        }
        return writer;
    }

    private SafetensorsWriter AddValues<T>(string name, SafetensorsDType dtype, ReadOnlySpan<T> values, int[]? shape)
        where T : unmanaged
    {
        long[] lengths;
        if (shape is null)
        {
            lengths = [values.Length];
        }
        else
        {
            var tensorShape = new TensorShape(shape);
            if (tensorShape.ElementCount != values.Length)
            {
                ThrowHelper.ThrowArgument($"{values.Length} values do not fill shape {tensorShape} ({tensorShape.ElementCount} elements).", nameof(values));
            }
            lengths = ToLongs(shape);
        }
        AddPending(name, dtype, lengths, null, SafetensorsDTypeInfo.LittleEndianBytes(values).ToArray());
        return this;
    }

    private void AddPending(string name, SafetensorsDType dtype, long[] shape, Tensor? tensor, byte[]? bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == SafetensorsHeader.MetadataKey)
        {
            ThrowHelper.ThrowArgument($"'{SafetensorsHeader.MetadataKey}' is reserved for the metadata and cannot name a tensor.", nameof(name));
        }
        if (_names.Contains(name))
        {
            ThrowHelper.ThrowArgument($"A tensor named '{name}' was already added.", nameof(name));
        }
        byte[] utf8 = Utf8(name, nameof(name));
        _names.Add(name);
        _tensors.Add(new Pending(name, utf8, dtype, shape, tensor, bytes ?? []));
    }

    private byte[] BuildHeader(List<Pending> ordered)
    {
        var json = new StringBuilder();
        json.Append('{');
        bool first = true;
        if (Metadata.Count > 0)
        {
            json.Append('"').Append(SafetensorsHeader.MetadataKey).Append("\":{");
            bool firstEntry = true;
            foreach ((string key, string value) in Metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                ArgumentNullException.ThrowIfNull(value, $"{nameof(Metadata)}[\"{key}\"]");
                json.Append(firstEntry ? "" : ",");
                AppendString(json, key);
                json.Append(':');
                AppendString(json, value);
                firstEntry = false;
            }
            json.Append('}');
            first = false;
        }

        ulong offset = 0;
        foreach (Pending tensor in ordered)
        {
            ulong length = (ulong)tensor.ElementCount * (ulong)SafetensorsDTypeInfo.Size(tensor.DType);
            json.Append(first ? "" : ",");
            AppendString(json, tensor.Name);
            json.Append(":{\"dtype\":\"").Append(SafetensorsDTypeInfo.Name(tensor.DType)).Append("\",\"shape\":[");
            json.AppendJoin(',', tensor.Shape.Select(axis => axis.ToString(CultureInfo.InvariantCulture)));
            json.Append("],\"data_offsets\":[").Append(offset.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append((offset + length).ToString(CultureInfo.InvariantCulture)).Append("]}");
            offset += length;
            first = false;
        }
        json.Append('}');

        // Strict encoding rejects unpaired surrogates, which metadata strings may still hold.
        byte[] text = Utf8(json.ToString(), nameof(Metadata));
        int padded = (text.Length + 7) / 8 * 8;
        if ((ulong)padded > SafetensorsHeader.MaxLength)
        {
            throw new InvalidOperationException(
                $"The safetensors header would be {padded} bytes; readers accept at most {SafetensorsHeader.MaxLength}. Use fewer tensors or less metadata.");
        }
        byte[] header = new byte[padded];
        text.CopyTo(header, 0);
        header.AsSpan(text.Length).Fill((byte)' ');
        return header;
    }

    // Escapes exactly what JSON requires (quote, backslash, control characters), as the reference
    // writer (serde_json) does; everything else is written as UTF-8.
    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\b':
                    json.Append("\\b");
                    break;
                case '\f':
                    json.Append("\\f");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                default:
                    if (c < ' ')
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }
                    break;
            }
        }
        json.Append('"');
    }

    private static byte[] Utf8(string text, string paramName)
    {
        try
        {
            return s_strictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"'{text}' contains an unpaired surrogate and cannot be written as UTF-8.", paramName, e);
        }
    }

    private static long[] ToLongs(ReadOnlySpan<int> lengths)
    {
        var result = new long[lengths.Length];
        for (int i = 0; i < lengths.Length; i++)
        {
            result[i] = lengths[i];
        }
        return result;
    }

    private sealed record Pending(string Name, byte[] Utf8Name, SafetensorsDType DType, long[] Shape, Tensor? Tensor, byte[] Bytes)
    {
        public long ElementCount => Shape.Aggregate(1L, (count, length) => count * length);
    }
}
