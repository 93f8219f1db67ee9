using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>Loss functions; each returns the mean over the batch as a scalar tensor.</summary>
public static class Losses
{
    /// <summary>
    /// Cross-entropy of <paramref name="logits"/> [B, C] against class indices: mean of −log softmax(logits)[label].
    /// Fused (log-softmax with the max subtracted, and the gradient (softmax − onehot)/B) for stability and speed.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        (int batch, int classes) = CheckClassification("CrossEntropy", logits, labels);
        var logProbs = new float[logits.Length];
        Kernels.Softmax.LogForward(logits.Span, classes, logProbs);
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            total -= logProbs[b * classes + labels[b]];
        }
        Tensor loss = Tensor.Scalar((float)(total / batch));
        if (Tape.IsRecording(logits))
        {
            int[] captured = labels.ToArray();
            Tape.Record("CrossEntropy", loss, g =>
            {
                float scale = g.ToScalar() / batch;
                Span<float> dx = logits.GradOrZeros().Span;
                for (int b = 0; b < batch; b++)
                {
                    for (int c = 0; c < classes; c++)
                    {
                        int i = b * classes + c;
                        float softmax = MathF.Exp(logProbs[i]);
                        dx[i] += scale * (c == captured[b] ? softmax - 1f : softmax);
                    }
                }
            });
        }
        return loss;
    }

    /// <summary>Negative log-likelihood of log-probabilities [B, C]: mean of −logProbs[label].</summary>
    public static Tensor Nll(Tensor logProbs, ReadOnlySpan<int> labels)
    {
        (int batch, int classes) = CheckClassification("Nll", logProbs, labels);
        double total = 0;
        ReadOnlySpan<float> values = logProbs.Span;
        for (int b = 0; b < batch; b++)
        {
            total -= values[b * classes + labels[b]];
        }
        Tensor loss = Tensor.Scalar((float)(total / batch));
        if (Tape.IsRecording(logProbs))
        {
            int[] captured = labels.ToArray();
            Tape.Record("Nll", loss, g =>
            {
                float scale = g.ToScalar() / batch;
                Span<float> dx = logProbs.GradOrZeros().Span;
                for (int b = 0; b < batch; b++)
                {
                    dx[b * classes + captured[b]] -= scale;
                }
            });
        }
        return loss;
    }

    /// <summary>Mean squared error over all elements.</summary>
    public static Tensor Mse(Tensor prediction, Tensor target)
    {
        ThrowHelper.CheckSameShape("Mse", prediction.Shape, target.Shape, nameof(target));
        return Ops.Mean(Ops.Square(Ops.Subtract(prediction, target)));
    }

    private static (int Batch, int Classes) CheckClassification(string name, Tensor scores, ReadOnlySpan<int> labels)
    {
        if (scores.Rank != 2)
        {
            ThrowHelper.ThrowArgument($"{name}: scores must be [batch, classes]; got shape {scores.Shape}.", nameof(scores));
        }
        int batch = scores.Shape[0];
        int classes = scores.Shape[1];
        if (labels.Length != batch)
        {
            ThrowHelper.ThrowArgument($"{name}: {labels.Length} labels for scores of shape {scores.Shape} (batch {batch}).", nameof(labels));
        }
        for (int b = 0; b < batch; b++)
        {
            if ((uint)labels[b] >= (uint)classes)
            {
                ThrowHelper.ThrowArgument($"{name}: label {labels[b]} at batch index {b} is outside [0, {classes}).", nameof(labels));
            }
        }
        return (batch, classes);
    }
}
