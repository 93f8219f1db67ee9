using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>Softmax over the last axis.</summary>
    public static Tensor Softmax(Tensor x)
    {
        int n = x.Shape[-1];
        var y = new Tensor(x.Shape);
        Kernels.Softmax.Forward(x.Span, n, y.Span);
        if (Tape.IsRecording(x))
        {
            // dx = y ⊙ (g − Σ g·y) per row.
            Tape.Record("Softmax", y, g =>
            {
                var partial = new float[x.Length];
                ReadOnlySpan<float> values = y.Span;
                ReadOnlySpan<float> upstream = g.Span;
                for (int row = 0; row < x.Length / n; row++)
                {
                    double dot = 0;
                    for (int j = row * n; j < (row + 1) * n; j++)
                    {
                        dot += upstream[j] * values[j];
                    }
                    for (int j = row * n; j < (row + 1) * n; j++)
                    {
                        partial[j] = values[j] * (upstream[j] - (float)dot);
                    }
                }
                Accumulate(x, partial);
            });
        }
        return y;
    }

    /// <summary>Log-softmax over the last axis.</summary>
    public static Tensor LogSoftmax(Tensor x)
    {
        int n = x.Shape[-1];
        var y = new Tensor(x.Shape);
        Kernels.Softmax.LogForward(x.Span, n, y.Span);
        if (Tape.IsRecording(x))
        {
            // dx = g − softmax(x)·Σ g per row.
            Tape.Record("LogSoftmax", y, g =>
            {
                var partial = new float[x.Length];
                ReadOnlySpan<float> logs = y.Span;
                ReadOnlySpan<float> upstream = g.Span;
                for (int row = 0; row < x.Length / n; row++)
                {
                    double sum = 0;
                    for (int j = row * n; j < (row + 1) * n; j++)
                    {
                        sum += upstream[j];
                    }
                    for (int j = row * n; j < (row + 1) * n; j++)
                    {
                        partial[j] = upstream[j] - MathF.Exp(logs[j]) * (float)sum;
                    }
                }
                Accumulate(x, partial);
            });
        }
        return y;
    }
}
