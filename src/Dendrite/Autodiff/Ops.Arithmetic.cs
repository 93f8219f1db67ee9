using Dendrite.Kernels.Elementwise;
using Dendrite.Tensors;

namespace Dendrite.Autodiff;

/// <summary>
/// Differentiable operations on tensors (the functional API). Each computes its result with the kernels and,
/// while a tape records and an input requires grad, records a node whose backward accumulates input gradients.
/// </summary>
public static partial class Ops
{
    /// <summary>a + b with broadcasting.</summary>
    public static Tensor Add(Tensor a, Tensor b) => BinaryBroadcast("Add", a, b, new AddOperator(),
        static (g, _, _, d) => g.CopyTo(d),
        static (g, _, _, d) => g.CopyTo(d));

    /// <summary>a − b with broadcasting.</summary>
    public static Tensor Subtract(Tensor a, Tensor b) => BinaryBroadcast("Subtract", a, b, new SubtractOperator(),
        static (g, _, _, d) => g.CopyTo(d),
        static (g, _, _, d) => Elementwise.Map(new AffineOperator(-1f, 0f), g, d));

    /// <summary>a · b (element-wise) with broadcasting.</summary>
    public static Tensor Multiply(Tensor a, Tensor b) => BinaryBroadcast("Multiply", a, b, new MultiplyOperator(),
        static (g, _, y, d) => Elementwise.Map(new MultiplyOperator(), g, y, d),
        static (g, x, _, d) => Elementwise.Map(new MultiplyOperator(), g, x, d));

    /// <summary>a / b (element-wise) with broadcasting.</summary>
    public static Tensor Divide(Tensor a, Tensor b) => BinaryBroadcast("Divide", a, b, new DivideOperator(),
        static (g, _, y, d) => Elementwise.Map(new DivideOperator(), g, y, d),
        static (g, x, y, d) =>
        {
            for (int i = 0; i < d.Length; i++)
            {
                d[i] = -g[i] * x[i] / (y[i] * y[i]);
            }
        });

    /// <summary>scale · x + shift.</summary>
    public static Tensor Affine(Tensor x, float scale, float shift)
    {
        Tensor result = Unary(x, new AffineOperator(scale, shift));
        if (Tape.IsRecording(x))
        {
            Tape.Record("Affine", result, g => AccumulateScaled(x, g.Span, scale));
        }
        return result;
    }

    public static Tensor Scale(Tensor x, float scale) => Affine(x, scale, 0f);

    public static Tensor AddScalar(Tensor x, float shift) => Affine(x, 1f, shift);

    public static Tensor Negate(Tensor x) => Affine(x, -1f, 0f);

    /// <summary>Adds g into <paramref name="input"/>'s gradient when it requires one.</summary>
    internal static void Accumulate(Tensor input, ReadOnlySpan<float> grad) => AccumulateScaled(input, grad, 1f);

    /// <summary>Adds scale·g into <paramref name="input"/>'s gradient when it requires one.</summary>
    internal static void AccumulateScaled(Tensor input, ReadOnlySpan<float> grad, float scale)
    {
        if (!input.RequiresGrad)
        {
            return;
        }
        Span<float> destination = input.GradOrZeros().Span;
        Elementwise.Map(new AddScaledOperator(scale), destination, grad, destination);
    }

    internal static Tensor Unary<TOperator>(Tensor x, TOperator op)
        where TOperator : struct, IUnaryOperator
    {
        var result = new Tensor(x.Shape);
        Elementwise.Map(op, x.Span, result.Span);
        return result;
    }

    // Writes one input's partial gradient at the result's size, from the upstream gradient and both inputs
    // (expanded to the result's size); it is then summed over the axes that input was broadcast along.
    private delegate void PartialGradient(ReadOnlySpan<float> grad, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination);

    private static Tensor BinaryBroadcast<TOperator>(string name, Tensor a, Tensor b, TOperator op,
        PartialGradient gradA, PartialGradient gradB)
        where TOperator : struct, IBinaryOperator
    {
        TensorShape shape = a.Shape == b.Shape ? a.Shape : Broadcast.ResultShape(name, a.Shape, b.Shape);
        Tensor aFull = a.Shape == shape ? a : new Tensor(Broadcast.Expand(a, shape), shape);
        Tensor bFull = b.Shape == shape ? b : new Tensor(Broadcast.Expand(b, shape), shape);
        var result = new Tensor(shape);
        Elementwise.Map(op, aFull.Span, bFull.Span, result.Span);
        if (Tape.IsRecording(a, b))
        {
            Tape.Record(name, result, g =>
            {
                var partial = new float[shape.ElementCount];
                if (a.RequiresGrad)
                {
                    gradA(g.Span, aFull.Span, bFull.Span, partial);
                    AccumulateBroadcast(a, partial, shape);
                }
                if (b.RequiresGrad)
                {
                    gradB(g.Span, aFull.Span, bFull.Span, partial);
                    AccumulateBroadcast(b, partial, shape);
                }
            });
        }
        return result;
    }

    private static void AccumulateBroadcast(Tensor input, float[] partial, TensorShape shape)
    {
        if (input.Shape == shape)
        {
            Accumulate(input, partial);
        }
        else
        {
            Broadcast.AccumulateReduced(partial, shape, input.GradOrZeros().Span, input.Shape);
        }
    }
}
