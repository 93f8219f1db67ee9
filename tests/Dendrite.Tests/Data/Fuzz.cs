using System.Diagnostics;
using Dendrite.Data;
using Xunit;

namespace Dendrite.Tests.Data;

/// <summary>Deterministic truncations and mutations of a valid input, for parser robustness tests.</summary>
public static class Fuzz
{
    /// <summary><paramref name="count"/> broken variants of <paramref name="valid"/>: truncations, byte changes, extreme words, insertions.</summary>
    public static IEnumerable<byte[]> Mutants(byte[] valid, int count, int seed, int protectPrefix = 0)
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            byte[] bytes = (byte[])valid.Clone();
            switch (i % 5)
            {
                case 0:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                case 1:
                case 2:
                    for (int k = 1 + random.Next(4); k > 0; k--)
                    {
                        bytes[random.Next(protectPrefix, bytes.Length)] = (byte)random.Next(256);
                    }
                    break;
                case 3:
                    int at = random.Next(protectPrefix, Math.Max(protectPrefix + 1, bytes.Length - 3));
                    uint[] extremes = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF, 240];
                    BitConverter.GetBytes(extremes[random.Next(extremes.Length)]).AsSpan(0, Math.Min(4, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
                    break;
                default:
                    int insertAt = random.Next(protectPrefix, bytes.Length + 1);
                    byte[] junk = new byte[1 + random.Next(9)];
                    random.NextBytes(junk);
                    bytes = [.. bytes[..insertAt], .. junk, .. bytes[insertAt..]];
                    break;
            }
            yield return bytes;
        }
    }

    /// <summary>
    /// Runs <paramref name="parse"/> on every mutant: each must either succeed or throw <see cref="DataFormatException"/>
    /// naming <paramref name="name"/> and an offset or field, without hanging (10 s each: a guard against loops on a busy machine, not a speed test). Returns (parsed, rejected).
    /// </summary>
    public static (int Parsed, int Rejected) Check(IEnumerable<byte[]> mutants, string name, Action<byte[]> parse)
    {
        int parsed = 0, rejected = 0;
        foreach (byte[] mutant in mutants)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                parse(mutant);
                parsed++;
            }
            catch (DataFormatException e)
            {
                Assert.Equal(name, e.FilePath);
                Assert.True(e.Offset is not null || e.Field is not null, e.Message);
                Assert.StartsWith(name, e.Message);
                rejected++;
            }
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"a mutant of {mutant.Length} bytes took {watch.Elapsed}.");
        }
        return (parsed, rejected);
    }
}
