using Xunit;
using Dendrite.Tensors;

namespace Dendrite.Tests;

/// <summary>Seeded tensors for tests.</summary>
internal static class TestData
{
    public static Tensor Uniform(ulong seed, float low, float high, params int[] shape)
    {
        var tensor = new Tensor(shape);
        new Rng(seed).FillUniform(tensor.Span, low, high);
        return tensor;
    }

    /// <summary>A tracked tensor (RequiresGrad) with uniform values.</summary>
    public static Tensor Tracked(ulong seed, float low, float high, params int[] shape)
    {
        Tensor tensor = Uniform(seed, low, high, shape);
        tensor.RequiresGrad = true;
        tensor.Name = $"input{seed}";
        return tensor;
    }

    /// <summary>Uniform values whose magnitude stays at least <paramref name="margin"/> away from 0 (for kinks at 0).</summary>
    public static Tensor TrackedAwayFromZero(ulong seed, float margin, params int[] shape)
    {
        Tensor tensor = Tracked(seed, -1f, 1f, shape);
        Span<float> values = tensor.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = MathF.CopySign(margin + MathF.Abs(values[i]), values[i]);
        }
        return tensor;
    }
}
