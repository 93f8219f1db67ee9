using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>op(a)·op(b) for 2-D tensors; op transposes when asked (no copy: the GEMM reads transposed).</summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false)
    {
        if (a.Rank != 2 || b.Rank != 2)
        {
            ThrowHelper.ThrowShapeMismatch("MatMul needs 2-D tensors", a.Shape, b.Shape);
        }
        int m = transposeA ? a.Shape[1] : a.Shape[0];
        int k = transposeA ? a.Shape[0] : a.Shape[1];
        int kb = transposeB ? b.Shape[1] : b.Shape[0];
        int n = transposeB ? b.Shape[0] : b.Shape[1];
        if (k != kb)
        {
            ThrowHelper.ThrowShapeMismatch($"MatMul (transposeA={transposeA}, transposeB={transposeB}): inner lengths {k} and {kb} differ", a.Shape, b.Shape);
        }
        var c = new Tensor(m, n);
        Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a.Span, a.Shape[1], b.Span, b.Shape[1], 0f, c.Span, n);
        if (Tape.IsRecording(a, b))
        {
            Tape.Record("MatMul", c, g =>
            {
                if (a.RequiresGrad)
                {
                    // dA = dC·op(B)ᵀ, laid out as A is (transposed back when A was read transposed).
                    Tensor da = a.GradOrZeros();
                    if (transposeA)
                    {
                        Gemm.Multiply(transposeB, true, k, m, n, 1f, b.Span, b.Shape[1], g.Span, n, 1f, da.Span, m);
                    }
                    else
                    {
                        Gemm.Multiply(false, !transposeB, m, k, n, 1f, g.Span, n, b.Span, b.Shape[1], 1f, da.Span, k);
                    }
                }
                if (b.RequiresGrad)
                {
                    // dB = op(A)ᵀ·dC, laid out as B is.
                    Tensor db = b.GradOrZeros();
                    if (transposeB)
                    {
                        Gemm.Multiply(true, transposeA, n, k, m, 1f, g.Span, n, a.Span, a.Shape[1], 1f, db.Span, k);
                    }
                    else
                    {
                        Gemm.Multiply(!transposeA, false, k, n, m, 1f, a.Span, a.Shape[1], g.Span, n, 1f, db.Span, n);
                    }
                }
            });
        }
        return c;
    }

    /// <summary>
    /// x·Wᵀ + bias, PyTorch's <c>linear</c>: x is [..., in], weight [out, in], bias [out] or null; result [..., out].
    /// Leading axes are flattened into one GEMM (all T steps of a sequence in one call).
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || x.Rank < 1 || x.Shape[-1] != weight.Shape[1])
        {
            ThrowHelper.ThrowShapeMismatch("Linear: input [..., in] and weight [out, in]", x.Shape, weight.Shape);
        }
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
        {
            ThrowHelper.ThrowShapeMismatch("Linear: weight [out, in] and bias [out]", weight.Shape, bias.Shape);
        }
        int inputs = weight.Shape[1];
        int outputs = weight.Shape[0];
        Tensor flat = x.Reshape(-1, inputs);
        Tensor y = MatMul(flat, weight, transposeB: true);
        if (bias is not null)
        {
            y = AddRowVector(y, bias);
        }
        int[] lengths = x.Shape.ToArray();
        lengths[^1] = outputs;
        return y.Reshape(lengths);
    }

    /// <summary>x + v broadcast over the rows of a 2-D x (the bias add, without the general broadcast's copies).</summary>
    public static Tensor AddRowVector(Tensor x, Tensor v)
    {
        int columns = v.Length;
        if (x.Rank != 2 || x.Shape[1] != columns)
        {
            ThrowHelper.ThrowShapeMismatch("AddRowVector: [rows, n] and [n]", x.Shape, v.Shape);
        }
        var y = new Tensor(x.Shape);
        int rows = x.Shape[0];
        for (int r = 0; r < rows; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(x.Span.Slice(r * columns, columns), v.Span, y.Span.Slice(r * columns, columns));
        }
        if (Tape.IsRecording(x, v))
        {
            Tape.Record("AddRowVector", y, g =>
            {
                Accumulate(x, g.Span);
                if (v.RequiresGrad)
                {
                    RowVector.AddColumnSums(g.Span, rows, v.GradOrZeros().Span);
                }
            });
        }
        return y;
    }
}
