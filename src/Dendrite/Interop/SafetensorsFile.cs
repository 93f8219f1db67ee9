using System.Buffers.Binary;
using Dendrite.Tensors;

namespace Dendrite.Interop;

/// <summary>
/// The contents of a safetensors file (the format of huggingface/safetensors): named tensors and
/// string metadata, fully read and validated.
/// </summary>
/// <remarks>
/// Layout: an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to
/// <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets relative to the end of the header)
/// plus an optional <c>"__metadata__"</c> object of strings, then the tensors' little-endian bytes,
/// which must cover the rest of the file exactly.
/// <para>
/// Every malformed file gives a <see cref="CheckpointFormatException"/> naming the file and the tensor
/// or header field. Sizes from the file are checked against the file's length before anything is
/// allocated, so a header claiming 2^60 bytes fails at once. I/O failures of the underlying stream
/// propagate as <see cref="IOException"/>.
/// </para>
/// <para>
/// The whole file is read into memory (no memory mapping); <see cref="SafetensorsEntry.ToTensor"/> copies once more.
/// </para>
/// </remarks>
public sealed class SafetensorsFile
{
    private const string StreamName = "<stream>";

    // Reads from streams of unknown length grow in steps of this size, so a false size claim costs
    // at most the bytes that are really there plus one step.
    private const int ChunkSize = 1 << 20;

    private const int MaxNamesInMessage = 10;

    private readonly Dictionary<string, SafetensorsEntry> _byName;

    private SafetensorsFile(string source, List<SafetensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Source = source;
        Entries = entries;
        Metadata = metadata;
        _byName = entries.ToDictionary(entry => entry.Name, StringComparer.Ordinal);
    }

    /// <summary>The file path, or the name given for a stream.</summary>
    public string Source { get; }

    /// <summary>The tensors in the order of their data in the file.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> strings; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="CheckpointFormatException">The file has no such tensor.</exception>
    public SafetensorsEntry this[string name] => TryGetEntry(name, out SafetensorsEntry? entry) ? entry : throw Missing(name);

    public bool Contains(string name) => _byName.ContainsKey(name);

    public bool TryGetEntry(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafetensorsEntry? entry) =>
        _byName.TryGetValue(name, out entry);

    /// <summary>The tensor named <paramref name="name"/> as a new float32 tensor.</summary>
    /// <exception cref="CheckpointFormatException">It is missing or its dtype cannot be converted.</exception>
    public Tensor GetTensor(string name) => this[name].ToTensor();

    /// <summary>Reads and validates a safetensors file.</summary>
    /// <exception cref="CheckpointFormatException">The file is malformed.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static SafetensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Load(stream, path);
    }

    /// <summary>Reads and validates a safetensors file from the current position of <paramref name="stream"/> to its end.</summary>
    /// <param name="stream">Seekable or not; the stream is not closed.</param>
    /// <param name="sourceName">A name for messages, such as the path the stream came from.</param>
    /// <exception cref="CheckpointFormatException">The content is malformed.</exception>
    public static SafetensorsFile Load(Stream stream, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = sourceName ?? StreamName;

        // For seekable streams every size claim is checked against the real length before allocating.
        long? available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;

        Span<byte> prefix = stackalloc byte[8];
        int prefixRead = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        if (prefixRead < prefix.Length)
        {
            throw new CheckpointFormatException(source, null,
                $"truncated header: expected an 8-byte little-endian header length, but the file has only {prefixRead} bytes.");
        }
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > SafetensorsHeader.MaxLength)
        {
            throw new CheckpointFormatException(source, null,
                $"the header length field says {headerLength} bytes; the limit is {SafetensorsHeader.MaxLength}. Is this a safetensors file?");
        }
        if (available is long total && headerLength > (ulong)Math.Max(0, total - 8))
        {
            throw TruncatedHeader(source, headerLength, total - 8);
        }
        byte[] header = ReadBounded(stream, (int)headerLength, available is not null, out int headerRead)
            ?? throw TruncatedHeader(source, headerLength, headerRead);

        SafetensorsHeader parsed = SafetensorsHeader.Parse(header, source);
        if (available is long fileLength)
        {
            CheckDataLength(source, parsed, (ulong)Math.Max(0, fileLength - 8) - headerLength);
        }

        var entries = new List<SafetensorsEntry>(parsed.Tensors.Count);
        foreach (SafetensorsHeader.Record record in parsed.Tensors)
        {
            if (record.ByteLength > (ulong)Array.MaxLength)
            {
                throw new CheckpointFormatException(source, record.Name,
                    $"its data is {record.ByteLength} bytes; Dendrite reads tensors of at most {Array.MaxLength} bytes.");
            }
            byte[] data = ReadBounded(stream, (int)record.ByteLength, available is not null, out int dataRead)
                ?? throw new CheckpointFormatException(source, record.Name,
                    $"truncated data: data_offsets [{record.Begin}, {record.End}] need {record.ByteLength} bytes, but only {dataRead} remain in the file.");
            entries.Add(new SafetensorsEntry(source, record.Name, record.DType, record.Shape, data));
        }
        if (available is null && stream.ReadByte() >= 0)
        {
            throw new CheckpointFormatException(source, null,
                $"the file continues after the last tensor's data (the header describes {parsed.DataLength} data bytes); " +
                "safetensors requires the tensors to cover the data exactly.");
        }
        return new SafetensorsFile(source, entries, parsed.Metadata);
    }

    /// <summary>
    /// Copies the tensors of the file at <paramref name="path"/> into <paramref name="targets"/> by name,
    /// converting to float32. Tensors in the file that are not targets are ignored.
    /// </summary>
    /// <exception cref="CheckpointFormatException">
    /// The file is malformed, a target is missing from it, or has another shape or an unconvertible dtype.
    /// Everything is checked before anything is copied, so on failure no target has changed.
    /// </exception>
    public static void LoadInto(string path, IReadOnlyDictionary<string, Tensor> targets) => Load(path).CopyTo(targets);

    /// <inheritdoc cref="LoadInto(string, IReadOnlyDictionary{string, Tensor})"/>
    public static void LoadInto(Stream stream, IReadOnlyDictionary<string, Tensor> targets, string? sourceName = null) =>
        Load(stream, sourceName).CopyTo(targets);

    /// <summary>Copies this file's tensors into <paramref name="targets"/> by name; see <see cref="LoadInto(string, IReadOnlyDictionary{string, Tensor})"/>.</summary>
    public void CopyTo(IReadOnlyDictionary<string, Tensor> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var pairs = new List<(SafetensorsEntry Entry, Tensor Target)>(targets.Count);
        foreach ((string name, Tensor target) in targets)
        {
            ArgumentNullException.ThrowIfNull(target, nameof(targets));
            SafetensorsEntry entry = this[name];
            entry.CheckCopyTo(target);
            pairs.Add((entry, target));
        }
        foreach ((SafetensorsEntry entry, Tensor target) in pairs)
        {
            entry.CopyTo(target);
        }
    }

    private static void CheckDataLength(string source, SafetensorsHeader header, ulong dataAvailable)
    {
        if (header.DataLength > dataAvailable)
        {
            SafetensorsHeader.Record first = header.Tensors.First(tensor => tensor.End > dataAvailable);
            throw new CheckpointFormatException(source, first.Name,
                $"data_offsets [{first.Begin}, {first.End}] reach beyond the data: only {dataAvailable} bytes follow the header, " +
                $"and the header describes {header.DataLength}. The file is truncated or the offsets are wrong.");
        }
        if (header.DataLength < dataAvailable)
        {
            string last = header.Tensors.Count == 0 ? "there are no tensors" : $"the last tensor {CheckpointFormatException.Quote(header.Tensors[^1].Name)} ends at {header.DataLength}";
            throw new CheckpointFormatException(source, null,
                $"{dataAvailable - header.DataLength} bytes follow the last tensor's data ({last}; {dataAvailable} data bytes in the file). " +
                "safetensors requires the tensors to cover the data exactly.");
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes, or returns null with the number read when the stream ends first.</summary>
    private static byte[]? ReadBounded(Stream stream, int count, bool lengthChecked, out int read)
    {
        if (lengthChecked || count <= ChunkSize)
        {
            var exact = new byte[count];
            read = stream.ReadAtLeast(exact, count, throwOnEndOfStream: false);
            return read == count ? exact : null;
        }
        var buffer = new byte[ChunkSize];
        read = 0;
        while (read < count)
        {
            if (read == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(2L * buffer.Length, count));
            }
            int n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return null;
            }
            read += n;
        }
        return buffer;
    }

    private static CheckpointFormatException TruncatedHeader(string source, ulong headerLength, long present) =>
        new(source, null, $"truncated header: the header length field says {headerLength} bytes, but only {present} bytes follow it.");

    private CheckpointFormatException Missing(string name)
    {
        IEnumerable<string> names = Entries.Take(MaxNamesInMessage).Select(entry => CheckpointFormatException.Quote(entry.Name));
        string more = Entries.Count > MaxNamesInMessage ? $", ... ({Entries.Count} in all)" : "";
        string present = Entries.Count == 0 ? "the file has no tensors" : $"the file has {string.Join(", ", names)}{more}";
        return new CheckpointFormatException(Source, name, $"missing from the file; {present}.");
    }
}
