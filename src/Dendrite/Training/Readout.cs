using Dendrite.Autodiff;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>Turns the output layer's activity over time [T, B, C] into class scores [B, C].</summary>
public static class Readout
{
    /// <param name="skip">Leading steps left out (the network is still settling there).</param>
    public static Tensor Scores(Tensor output, ReadoutKind kind, int skip = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.Rank != 3)
        {
            ThrowHelper.ThrowArgument($"The readout expects the output layer's activity [T, B, C]; got {output.Shape}.", nameof(output));
        }
        int steps = output.Shape[0];
        if (skip < 0 || skip >= steps)
        {
            ThrowHelper.ThrowArgument($"readout_skip {skip} leaves no step of {steps}.", nameof(skip));
        }
        Tensor kept = skip == 0 ? output : output.Slice(skip, steps - skip);
        return kind switch
        {
            ReadoutKind.SpikeCount => Ops.Sum(kept, 0),
            ReadoutKind.MaxMembrane => Ops.Max(kept, 0),
            ReadoutKind.MeanMembrane => Ops.Mean(kept, 0),
            _ => Ops.Add(kept[kept.Shape[0] - 1], Tensor.Scalar(0f)),
        };
    }

    /// <summary>The number of rows whose highest score is at the label (first maximum on ties).</summary>
    public static int Correct(Tensor scores, ReadOnlySpan<int> labels)
    {
        int classes = scores.Shape[1];
        ReadOnlySpan<float> values = scores.Span;
        int correct = 0;
        for (int b = 0; b < labels.Length; b++)
        {
            ReadOnlySpan<float> row = values.Slice(b * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            correct += best == labels[b] ? 1 : 0;
        }
        return correct;
    }
}
