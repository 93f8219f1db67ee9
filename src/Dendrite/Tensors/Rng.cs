namespace Dendrite.Tensors;

/// <summary>
/// A seeded, counter-based random number generator: value i of a stream is a hash of (key, i).
/// </summary>
/// <remarks>
/// Because each value depends only on its counter, a fill of n values can be split across any number of
/// threads and still give the same numbers: streams do not depend on the thread count. State is two words
/// (<see cref="Key"/>, <see cref="Counter"/>), saved in checkpoints so a resumed run draws what an
/// uninterrupted one would. Not cryptographic.
/// </remarks>
public sealed class Rng
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    public Rng(ulong seed)
        : this(Mix(seed ^ 0x5DEECE66DUL), 0)
    {
    }

    /// <summary>Restores a generator from saved state.</summary>
    public Rng(ulong key, ulong counter)
    {
        Key = key;
        Counter = counter;
    }

    public ulong Key { get; }

    /// <summary>How many values this stream has handed out.</summary>
    public ulong Counter { get; private set; }

    /// <summary>An independent stream derived from this one's key and <paramref name="stream"/>; this stream is not advanced.</summary>
    public Rng Fork(ulong stream) => new(Mix(Key ^ Mix(stream + Golden)), 0);

    /// <summary>An independent stream named by a string (e.g. a parameter name), stable across runs.</summary>
    public Rng Fork(string stream)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in stream)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return Fork(hash);
    }

    public ulong NextUInt64() => At(Counter++);

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public float NextFloat() => ToUnitFloat(NextUInt64());

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);
    }

    /// <summary>Standard normal (Box–Muller on two consecutive values).</summary>
    public float NextNormal()
    {
        float value = NormalAt(Counter);
        Counter += 2;
        return value;
    }

    /// <summary>Fills with uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        ulong start = Reserve(destination.Length);
        float width = high - low;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = low + width * ToUnitFloat(At(start + (ulong)i));
        }
    }

    /// <summary>Fills with normal values of the given mean and standard deviation.</summary>
    public void FillNormal(Span<float> destination, float mean, float std)
    {
        ulong start = Reserve(2L * destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = mean + std * NormalAt(start + 2 * (ulong)i);
        }
    }

    /// <summary>Fills with 1 where a uniform draw is below <paramref name="probability"/>, else 0 (Bernoulli).</summary>
    public void FillBernoulli(Span<float> destination, ReadOnlySpan<float> probability)
    {
        if (probability.Length != destination.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }
        ulong start = Reserve(destination.Length);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = ToUnitFloat(At(start + (ulong)i)) < probability[i] ? 1f : 0f;
        }
    }

    /// <summary>A permutation of 0..n-1 (Fisher–Yates).</summary>
    public int[] Permutation(int n)
    {
        var result = new int[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }

    /// <summary>Advances the counter by <paramref name="count"/> and returns the first reserved counter.</summary>
    private ulong Reserve(long count)
    {
        ulong start = Counter;
        Counter += (ulong)count;
        return start;
    }

    private ulong At(ulong counter) => Mix(Mix(counter * Golden + Key) ^ Key);

    private float NormalAt(ulong counter)
    {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        float u1 = 1f - ToUnitFloat(At(counter));
        float u2 = ToUnitFloat(At(counter + 1));
        return MathF.Sqrt(-2f * MathF.Log(u1)) * MathF.Cos(2f * MathF.PI * u2);
    }

    private static float ToUnitFloat(ulong bits) => (bits >> 40) * (1f / (1 << 24));

    // SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective avalanche mix.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
