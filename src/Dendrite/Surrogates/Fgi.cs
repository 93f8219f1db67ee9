using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Surrogates;

/// <summary>
/// Forward Gradient Injection (Otte 2024): a surrogate gradient built only from primitive differentiable ops, so a neuron written
/// by a user from <see cref="Ops"/> gets a surrogate gradient with no hand-written backward.
/// </summary>
/// <remarks>
/// h = x·sg(g'(x)); y = h − sg(h) + sg(f(x)). Forward: y = f(x) exactly (h − h = 0 in IEEE arithmetic for finite h).
/// Backward: dy/dx = g'(x). Where x·g'(x) would be ±∞ (so h − h = NaN) the injected slope is set to 0 for that element.
/// </remarks>
public static class Fgi
{
    /// <summary>Injects the slope <paramref name="slope"/> = g'(x) (a value, not tracked) under the forward value <paramref name="value"/> = f(x).</summary>
    public static Tensor Inject(Tensor x, Tensor value, Tensor slope)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(slope);
        Tensor safeSlope = GuardInfinite(x, Ops.StopGradient(slope));
        Tensor h = Ops.Multiply(x, safeSlope);
        return Ops.Add(Ops.Subtract(h, Ops.StopGradient(h)), Ops.StopGradient(value));
    }

    /// <summary>A spike H(x) under <paramref name="comparison"/> whose gradient is the surrogate's derivative.</summary>
    public static Tensor Spike(Tensor x, ISurrogate surrogate, SpikeComparison comparison = SpikeComparison.GreaterThan)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(surrogate);
        var value = new Tensor(x.Shape);
        var slope = new Tensor(x.Shape);
        ReadOnlySpan<float> xs = x.Span;
        Span<float> vs = value.Span;
        Span<float> ss = slope.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            vs[i] = (float)SpikeFunction.Step(xs[i], comparison);
            ss[i] = (float)surrogate.Derivative(xs[i]);
        }
        return Inject(x, value, slope);
    }

    /// <summary>The "indirect" form for a surrogate given as a differentiable function: f_x − sg(f_x) + sg(value).</summary>
    public static Tensor Bypass(Tensor smooth, Tensor value) =>
        Ops.Add(Ops.Subtract(smooth, Ops.StopGradient(smooth)), Ops.StopGradient(value));

    private static Tensor GuardInfinite(Tensor x, Tensor slope)
    {
        ReadOnlySpan<float> xs = x.Span;
        ReadOnlySpan<float> ss = slope.Span;
        for (int i = 0; i < xs.Length; i++)
        {
            if (!float.IsFinite(xs[i] * ss[i]))
            {
                var guarded = slope.Clone();
                Span<float> gs = guarded.Span;
                for (int j = i; j < xs.Length; j++)
                {
                    if (!float.IsFinite(xs[j] * gs[j]))
                    {
                        gs[j] = 0f;
                    }
                }
                return guarded;
            }
        }
        return slope;
    }
}
