using Dendrite.Kernels;
using System.Numerics.Tensors;

namespace Dendrite.Learning.DeepR;

/// <summary>
/// y = x·Wᵀ with W given as K active connections (flat index r·in + c, weight w): O(rows·K) instead of O(rows·in·out).
/// The naive kernels are the reference; the fast ones transpose x so each connection is one contiguous multiply-add over rows.
/// </summary>
internal static class SparseProductKernel
{
    /// <summary>Reference: y[n, r] = Σ over connections (r, c) of w·x[n, c]; y is overwritten.</summary>
    public static void ForwardNaive(ReadOnlySpan<float> x, int rows, int inputs, ReadOnlySpan<int> index, ReadOnlySpan<float> w, int outputs, Span<float> y)
    {
        y[..(rows * outputs)].Clear();
        for (int n = 0; n < rows; n++)
        {
            for (int slot = 0; slot < index.Length; slot++)
            {
                (int r, int c) = Math.DivRem(index[slot], inputs);
                y[n * outputs + r] += w[slot] * x[n * inputs + c];
            }
        }
    }

    /// <summary>Reference backward: dx[n, c] += w·dy[n, r] (when dx is not empty) and dw[slot] += Σ_n dy[n, r]·x[n, c].</summary>
    public static void BackwardNaive(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, int inputs, int outputs,
        ReadOnlySpan<int> index, ReadOnlySpan<float> w, Span<float> dx, Span<float> dw)
    {
        for (int n = 0; n < rows; n++)
        {
            for (int slot = 0; slot < index.Length; slot++)
            {
                (int r, int c) = Math.DivRem(index[slot], inputs);
                float upstream = dy[n * outputs + r];
                if (!dx.IsEmpty)
                {
                    dx[n * inputs + c] += w[slot] * upstream;
                }
                dw[slot] += upstream * x[n * inputs + c];
            }
        }
    }

    /// <summary>As <see cref="ForwardNaive"/>, on transposed copies: yᵀ[r] += w·xᵀ[c], one vector op of length rows per connection.</summary>
    public static void Forward(ReadOnlySpan<float> x, int rows, int inputs, ReadOnlySpan<int> index, ReadOnlySpan<float> w, int outputs, Span<float> y)
    {
        float[] xT = MatrixTranspose.Of(x, rows, inputs);
        var yT = new float[outputs * rows];
        for (int slot = 0; slot < index.Length; slot++)
        {
            (int r, int c) = Math.DivRem(index[slot], inputs);
            Span<float> target = yT.AsSpan(r * rows, rows);
            TensorPrimitives.MultiplyAdd(xT.AsSpan(c * rows, rows), w[slot], target, target);
        }
        MatrixTranspose.Of(yT, outputs, rows).AsSpan().CopyTo(y);
    }

    /// <summary>As <see cref="BackwardNaive"/>, on transposed copies: one dot product (and one multiply-add for dx) per connection.</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int rows, int inputs, int outputs,
        ReadOnlySpan<int> index, ReadOnlySpan<float> w, Span<float> dx, Span<float> dw)
    {
        float[] xT = MatrixTranspose.Of(x, rows, inputs);
        float[] dyT = MatrixTranspose.Of(dy, rows, outputs);
        float[] dxT = dx.IsEmpty ? [] : new float[inputs * rows];
        for (int slot = 0; slot < index.Length; slot++)
        {
            (int r, int c) = Math.DivRem(index[slot], inputs);
            ReadOnlySpan<float> upstream = dyT.AsSpan(r * rows, rows);
            dw[slot] += TensorPrimitives.Dot(upstream, xT.AsSpan(c * rows, rows));
            if (dxT.Length != 0)
            {
                Span<float> target = dxT.AsSpan(c * rows, rows);
                TensorPrimitives.MultiplyAdd(upstream, w[slot], target, target);
            }
        }
        if (dxT.Length != 0)
        {
            TensorPrimitives.Add(dx, MatrixTranspose.Of(dxT, inputs, rows), dx);
        }
    }
}
