using Dendrite.Kernels.Elementwise;
using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    public static Tensor Exp(Tensor x)
    {
        Tensor y = Unary(x, new ExpOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Exp", y, g => AccumulateProduct(x, g.Span, y.Span));
        }
        return y;
    }

    public static Tensor Log(Tensor x)
    {
        Tensor y = Unary(x, new LogOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Log", y, g =>
            {
                var partial = new float[x.Length];
                Elementwise.Map(new DivideOperator(), g.Span, x.Span, partial);
                Accumulate(x, partial);
            });
        }
        return y;
    }

    public static Tensor Tanh(Tensor x)
    {
        Tensor y = Unary(x, new TanhOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Tanh", y, g => AccumulateMapped(x, new TanhBackwardOperator(), y.Span, g.Span));
        }
        return y;
    }

    public static Tensor Sigmoid(Tensor x)
    {
        Tensor y = Unary(x, new SigmoidOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Sigmoid", y, g => AccumulateMapped(x, new SigmoidBackwardOperator(), y.Span, g.Span));
        }
        return y;
    }

    public static Tensor Relu(Tensor x)
    {
        Tensor y = Unary(x, new ReluOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Relu", y, g => AccumulateMapped(x, new ReluBackwardOperator(), x.Span, g.Span));
        }
        return y;
    }

    /// <summary>|x|; the gradient at 0 is 0.</summary>
    public static Tensor Abs(Tensor x)
    {
        Tensor y = Unary(x, new AbsOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Abs", y, g =>
            {
                var partial = new float[x.Length];
                ReadOnlySpan<float> values = x.Span;
                ReadOnlySpan<float> upstream = g.Span;
                for (int i = 0; i < partial.Length; i++)
                {
                    partial[i] = upstream[i] * MathF.Sign(values[i]);
                }
                Accumulate(x, partial);
            });
        }
        return y;
    }

    public static Tensor Square(Tensor x) => Multiply(x, x);

    public static Tensor Sqrt(Tensor x)
    {
        Tensor y = Unary(x, new SqrtOperator());
        if (Tape.IsRecording(x))
        {
            Tape.Record("Sqrt", y, g =>
            {
                var partial = new float[x.Length];
                Elementwise.Map(new DivideOperator(), g.Span, y.Span, partial);
                AccumulateScaled(x, partial, 0.5f);
            });
        }
        return y;
    }

    /// <summary>1 where x &gt; 0, else 0. Not differentiable: the result is never tracked (use a surrogate).</summary>
    public static Tensor Heaviside(Tensor x) => Unary(x, new HeavisideOperator());

    /// <summary>The value of x with no gradient flowing back: sg(x) in the FGI notation.</summary>
    public static Tensor StopGradient(Tensor x) => x.Detach();

    private static void AccumulateProduct(Tensor x, ReadOnlySpan<float> g, ReadOnlySpan<float> factor) =>
        AccumulateMapped(x, new MultiplyOperator(), factor, g);

    private static void AccumulateMapped<TOperator>(Tensor x, TOperator op, ReadOnlySpan<float> first, ReadOnlySpan<float> second)
        where TOperator : struct, IBinaryOperator
    {
        var partial = new float[x.Length];
        Elementwise.Map(op, first, second, partial);
        Accumulate(x, partial);
    }
}
