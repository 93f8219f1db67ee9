using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// Inverted dropout: in training, zeroes each element with probability <paramref name="p"/> and scales the rest
    /// by 1/(1 − p); otherwise (or with p = 0) returns <paramref name="x"/> itself and draws nothing, as PyTorch.
    /// The mask is drawn from <paramref name="rng"/> (advancing it by x.Length); the gradient uses the same mask.
    /// </summary>
    /// <remarks>Works element-wise on any shape, so a time-major [T, B, ...] input draws an independent mask per step.</remarks>
    public static Tensor Dropout(Tensor x, float p, Rng rng, bool training = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(rng);
        DropoutMask.CheckProbability(p);
        if (!training || p == 0f)
        {
            return x;
        }
        var mask = new float[x.Length];
        DropoutMask.Fill(rng, p, mask);
        var y = new Tensor(x.Shape);
        DropoutMask.Apply(x.Span, mask, y.Span);
        if (Tape.IsRecording(x))
        {
            Tape.Record("Dropout", y, g =>
            {
                var partial = new float[mask.Length];
                DropoutMask.Apply(g.Span, mask, partial);
                Accumulate(x, partial);
            });
        }
        return y;
    }
}
