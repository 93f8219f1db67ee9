using Dendrite.Tensors;

namespace Dendrite.Learning.DeepR;

/// <summary>
/// The fixed sign s_k ∈ {−1, +1} of every potential connection k of a DEEP R matrix (Bellec et al. 2018).
/// </summary>
/// <remarks>
/// By default the sign is a hash of (seed, k), so it costs no memory per connection: a dormant connection that is
/// reactivated gets back the sign it always had, and DEEP R stays O(K) in memory. An explicit array is for given
/// initial conditions (learning.md §11.5) and costs one byte per potential connection.
/// </remarks>
public sealed class ConnectionSigns
{
    private readonly sbyte[]? _signs;
    private readonly Rng? _hash;

    private ConnectionSigns(sbyte[]? signs, Rng? hash)
    {
        _signs = signs;
        _hash = hash;
    }

    /// <summary>Signs drawn as fair coin flips, one per connection, from a hash of <paramref name="seed"/> and the index.</summary>
    public static ConnectionSigns Random(ulong seed) => new(null, new Rng(seed));

    /// <summary>Explicit signs, one per potential connection; each must be −1 or +1.</summary>
    public static ConnectionSigns FromArray(ReadOnlySpan<float> signs)
    {
        var values = new sbyte[signs.Length];
        for (int i = 0; i < signs.Length; i++)
        {
            if (signs[i] != 1f && signs[i] != -1f)
            {
                ThrowHelper.ThrowArgument($"Connection signs must be −1 or +1; index {i} holds {signs[i]}.", nameof(signs));
            }
            values[i] = (sbyte)signs[i];
        }
        return new ConnectionSigns(values, null);
    }

    /// <summary>Number of signs held, or null when they are hashed (any index is valid).</summary>
    public int? Count => _signs?.Length;

    /// <summary>s_k: −1 or +1.</summary>
    public int Of(int index) => _signs is not null ? _signs[index] : (_hash!.Fork((ulong)index).NextUInt64() >> 63) == 0 ? 1 : -1;
}
