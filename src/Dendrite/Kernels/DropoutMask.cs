using Dendrite.Tensors;

namespace Dendrite.Kernels;

/// <summary>
/// Inverted dropout: a mask that keeps each element with probability 1 − p and scales kept elements by 1/(1 − p),
/// so the expected output equals the input and evaluation needs no rescaling (PyTorch's <c>dropout</c>).
/// </summary>
/// <remarks>
/// Element i of the mask is decided by value i of the generator's stream from its current counter: the same
/// seed and counter give the same mask, whatever the thread count. The generator advances by the mask length.
/// </remarks>
public static class DropoutMask
{
    /// <summary>mask[i] = 1/(1 − p) where uniform draw i is below 1 − p, else 0. With p = 1 every element is dropped.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is not in [0, 1].</exception>
    public static void Fill(Rng rng, float p, Span<float> mask)
    {
        ArgumentNullException.ThrowIfNull(rng);
        CheckProbability(p);
        rng.FillUniform(mask, 0f, 1f);
        float keep = 1f - p;
        // At p = 1 nothing is kept, so the infinite scale is never written.
        float scale = 1f / keep;
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = mask[i] < keep ? scale : 0f;
        }
    }

    /// <summary>destination = x ⊙ mask (the forward pass; the backward pass is the same product with the output gradient).</summary>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> mask, Span<float> destination)
    {
        if (x.Length != mask.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }
        System.Numerics.Tensors.TensorPrimitives.Multiply(x, mask, destination);
    }

    internal static void CheckProbability(float p)
    {
        if (!(p >= 0f && p <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be between 0 and 1.");
        }
    }
}
