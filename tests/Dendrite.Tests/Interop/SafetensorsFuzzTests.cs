using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Dendrite.Interop;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Interop;

/// <summary>
/// Mutated safetensors files must load or throw <see cref="CheckpointFormatException"/>: never another
/// exception, a hang, or an allocation driven by a size the file merely claims.
/// </summary>
public sealed class SafetensorsFuzzTests
{
    private const int Seed = 20240611;

    // Generous bound per case: the seed files are < 1 KB, so anything near this means a claimed size was trusted.
    private const long MaxAllocatedBytesPerCase = 16 << 20;

    private static readonly string[] s_interestingNumbers =
    [
        "0", "1", "3", "7", "8", "4294967295", "4294967296", "2147483647", "9007199254740993", "1152921504606846976",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "18446744073709551616",
        "-1", "-0", "1e3", "2.5", "00", "null", "\"4\"", "[]", "{}",
    ];

    private static readonly string[] s_dtypes =
        ["F32", "F16", "BF16", "F64", "I64", "U64", "I32", "U32", "I16", "U16", "I8", "U8", "BOOL", "C64", "F8_E4M3", "F4", "f32", "", "F32 "];

    private static readonly ulong[] s_lengthFields =
        [0, 1, 7, 8, 9, 100_000_000, 100_000_001, 1UL << 31, 1UL << 32, 1UL << 60, 1UL << 63, ulong.MaxValue];

    [Fact]
    public void MutatedFilesLoadOrThrowTheDedicatedException()
    {
        var random = new Random(Seed);
        byte[][] seeds = [WriterSeed(), HandBuiltSeed()];
        var cases = new List<(string Kind, byte[] Bytes)>();

        foreach (byte[] seed in seeds)
        {
            // Truncation at every length covers every boundary: length field, header, each tensor.
            for (int length = 0; length < seed.Length; length++)
            {
                cases.Add(("truncate", seed[..length]));
            }
            for (int i = 0; i < 250; i++)
            {
                cases.Add(("bit flips", FlipBits(seed, random)));
                cases.Add(("header edit", EditHeader(seed, random)));
            }
            for (int i = 0; i < 60; i++)
            {
                cases.Add(("length field", WithLengthField(seed, random)));
                cases.Add(("splice", Splice(seed, random)));
            }
        }
        for (int i = 0; i < 100; i++)
        {
            byte[] noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);
            if (noise.Length >= 8 && random.Next(2) == 0)
            {
                // A plausible length field in front of noise reaches the JSON parser.
                BinaryPrimitives.WriteUInt64LittleEndian(noise, (ulong)random.Next(0, noise.Length - 7));
            }
            cases.Add(("random bytes", noise));
        }

        Assert.True(cases.Count >= 1000, $"only {cases.Count} cases");
        var failures = new List<string>();
        int loaded = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cases.Count; i++)
        {
            (string kind, byte[] bytes) = cases[i];
            long before = GC.GetAllocatedBytesForCurrentThread();
            // Every fourth case also goes through a stream of unknown length, which reads in bounded chunks.
            string? problem = Check(new MemoryStream(bytes, writable: false), ref loaded)
                ?? (i % 4 == 0 ? Check(new NonSeekableStream(bytes), ref loaded) : null);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > MaxAllocatedBytesPerCase)
            {
                problem ??= $"allocated {allocated} bytes";
            }
            if (problem is not null)
            {
                failures.Add($"case {i} ({kind}, {bytes.Length} bytes: {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 64)))}): {problem}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
        // The mutations must exercise both outcomes, or the test proves little.
        Assert.InRange(loaded, 20, cases.Count - 200);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"fuzzing took {clock.Elapsed}");
    }

    /// <summary>Loads and converts everything; returns a description of any failure other than the dedicated exception.</summary>
    private static string? Check(Stream stream, ref int loaded)
    {
        try
        {
            SafetensorsFile file = SafetensorsFile.Load(stream, "fuzz");
            loaded++;
            foreach (SafetensorsEntry entry in file.Entries)
            {
                TryConvert(entry);
            }
            return null;
        }
        catch (CheckpointFormatException e)
        {
            return e.FilePath == "fuzz" && e.Message.StartsWith("fuzz: ", StringComparison.Ordinal) ? null : $"message does not name the source: {e.Message}";
        }
        catch (Exception e)
        {
            return e.ToString();
        }
    }

    private static void TryConvert(SafetensorsEntry entry)
    {
        try
        {
            if (entry.IsFloatConvertible)
            {
                entry.ToTensor();
            }
            if (entry.IsInteger)
            {
                entry.ToInt64Array();
            }
        }
        catch (CheckpointFormatException)
        {
            // Value out of range or a dimension too large for a Tensor: documented outcomes.
        }
        if (entry.IsInteger)
        {
            try
            {
                entry.ToUInt64Array();
            }
            catch (CheckpointFormatException)
            {
            }
        }
    }

    private static byte[] WriterSeed()
    {
        var writer = new SafetensorsWriter()
            .Add("layer.0.weight", Tensor.FromArray([1f, -2f, 3.5f, float.NaN, 0f, -0f], 2, 3))
            .Add("layer.0.bias", Tensor.FromArray([0.25f, 4f], 2))
            .Add("scalar", Tensor.Scalar(7f))
            .Add("empty", new Tensor(0, 4))
            .AddInt64("step", [1234], [])
            .AddUInt64("rng", [0xDEADBEEFUL, 42])
            .AddInt32("counts", [1, -1, 3])
            .AddUInt8("mask", [1, 0, 1, 1, 0]);
        writer.Metadata["epoch"] = "3";
        writer.Metadata["format"] = "dendrite";
        return writer.ToArray();
    }

    private static byte[] HandBuiltSeed()
    {
        const string Header =
            "{\"__metadata__\":{\"format\":\"np\"}," +
            "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}," +
            "\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[8,12]}," +
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[12,16]}," +
            "\"u\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[16,18]}," +
            "\"f\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[18,20]}}";
        byte[] data = [0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x00, 0x3C, 0x00, 0xC1, 0x80, 0x3F, 0x20, 0xC0, 0xFF, 0xFF, 1, 0];
        return SafetensorsBytes.Build(Header, data);
    }

    private static byte[] FlipBits(byte[] seed, Random random)
    {
        byte[] bytes = (byte[])seed.Clone();
        int flips = random.Next(1, 5);
        for (int i = 0; i < flips; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }
        return bytes;
    }

    private static byte[] WithLengthField(byte[] seed, Random random)
    {
        byte[] bytes = (byte[])seed.Clone();
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        ulong[] nearby = [headerLength - 1, headerLength + 1, (ulong)bytes.Length, (ulong)bytes.Length - 8, (ulong)bytes.Length - 7];
        ulong value = random.Next(3) switch
        {
            0 => s_lengthFields[random.Next(s_lengthFields.Length)],
            1 => nearby[random.Next(nearby.Length)],
            _ => (ulong)random.NextInt64(),
        };
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Splice(byte[] seed, Random random)
    {
        int at = random.Next(seed.Length);
        int remove = random.Next(0, Math.Min(16, seed.Length - at) + 1);
        byte[] insert = new byte[random.Next(0, 16)];
        random.NextBytes(insert);
        return [.. seed[..at], .. insert, .. seed[(at + remove)..]];
    }

    /// <summary>Edits the header text, then rebuilds the file with a matching length field (mostly) and the original data.</summary>
    private static byte[] EditHeader(byte[] seed, Random random)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(seed);
        string header = Encoding.UTF8.GetString(seed, 8, headerLength).TrimEnd(' ');
        byte[] data = seed[(8 + headerLength)..];

        int edits = random.Next(1, 3);
        for (int i = 0; i < edits; i++)
        {
            header = EditOnce(header, random);
        }
        byte[] file = SafetensorsBytes.Build(header, data, pad: random.Next(4) != 0);
        if (random.Next(8) == 0)
        {
            // Keep the data but drop or add a few bytes after it.
            int change = random.Next(-3, 4);
            file = change < 0 ? file[..Math.Max(8, file.Length + change)] : [.. file, .. new byte[change]];
        }
        return file;
    }

    private static string EditOnce(string header, Random random)
    {
        switch (random.Next(8))
        {
            case 0:
            {
                // Replace one number with an interesting one (huge, negative, fractional, wrong type).
                MatchCollection numbers = Regex.Matches(header, "[0-9]+");
                if (numbers.Count == 0)
                {
                    return header;
                }
                Match number = numbers[random.Next(numbers.Count)];
                return header[..number.Index] + s_interestingNumbers[random.Next(s_interestingNumbers.Length)] + header[(number.Index + number.Length)..];
            }
            case 1:
            {
                MatchCollection dtypes = Regex.Matches(header, "\"dtype\":\"[A-Z0-9_]+\"");
                if (dtypes.Count == 0)
                {
                    return header;
                }
                Match dtype = dtypes[random.Next(dtypes.Count)];
                return header[..dtype.Index] + $"\"dtype\":\"{s_dtypes[random.Next(s_dtypes.Length)]}\"" + header[(dtype.Index + dtype.Length)..];
            }
            case 2:
            {
                int at = random.Next(header.Length);
                return header.Remove(at, 1);
            }
            case 3:
            {
                const string Alphabet = "{}[]\":,0123456789-.eE _aZ\\u";
                int at = random.Next(header.Length + 1);
                return header.Insert(at, Alphabet[random.Next(Alphabet.Length)].ToString());
            }
            case 4:
            {
                // Duplicate a chunk: duplicate keys, repeated entries, overlapping offsets.
                int start = random.Next(header.Length);
                int length = random.Next(1, Math.Min(80, header.Length - start) + 1);
                int at = random.Next(header.Length + 1);
                return header.Insert(at, header.Substring(start, length));
            }
            case 5:
            {
                // Swap the names of two fields.
                string[] fields = ["\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\""];
                string from = fields[random.Next(fields.Length)];
                string to = fields[random.Next(fields.Length)];
                int at = header.IndexOf(from, StringComparison.Ordinal);
                return at < 0 ? header : header[..at] + to + header[(at + from.Length)..];
            }
            case 6:
            {
                // Put an escape into a string: lone surrogates, NUL, quotes, non-ASCII.
                string[] escapes = ["\\ud800", "\\udc00x", "\\ud83e\\udde0", "\\u0000", "\\n", "\\\"", "é", "\\x", "\\u12"];
                int quote = header.IndexOf('"', random.Next(header.Length));
                return quote < 0 ? header : header.Insert(quote + 1, escapes[random.Next(escapes.Length)]);
            }
            default:
            {
                // Grow a shape: a scaled-up axis whose byte count overflows or exceeds the data.
                int at = header.IndexOf("\"shape\":[", StringComparison.Ordinal);
                return at < 0 ? header : header.Insert(at + 9, s_interestingNumbers[random.Next(12)] + ",");
            }
        }
    }
}
