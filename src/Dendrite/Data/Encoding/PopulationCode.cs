using Dendrite.Tensors;

namespace Dendrite.Data.Encoding;

/// <summary>
/// Population coding of outputs: each class owns <see cref="NeuronsPerClass"/> consecutive output neurons
/// (neurons c·M .. c·M + M − 1), and a class's score is its group's spike count (snnTorch's population code).
/// </summary>
public sealed record PopulationCode(int Classes, int NeuronsPerClass)
{
    public int Neurons => Classes * NeuronsPerClass;

    /// <param name="spikes">Shape (T, B, Neurons).</param>
    /// <returns>Shape (B, Classes): spikes of each class's group, summed over time.</returns>
    public Tensor Counts(Tensor spikes)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        if (spikes.Rank != 3 || spikes.Shape[2] != Neurons)
        {
            ThrowHelper.ThrowArgument($"Expected spikes of shape (T, B, {Neurons}); found {spikes.Shape}.", nameof(spikes));
        }
        int steps = spikes.Shape[0], batch = spikes.Shape[1];
        var counts = new Tensor(batch, Classes);
        ReadOnlySpan<float> s = spikes.Span;
        Span<float> c = counts.Span;
        for (int t = 0; t < steps; t++)
        {
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<float> row = s.Slice((t * batch + b) * Neurons, Neurons);
                for (int n = 0; n < Neurons; n++)
                {
                    c[b * Classes + n / NeuronsPerClass] += row[n];
                }
            }
        }
        return counts;
    }

    /// <summary>The class with the most spikes per sample; ties go to the lower class.</summary>
    public int[] Predict(Tensor spikes)
    {
        Tensor counts = Counts(spikes);
        var predictions = new int[counts.Shape[0]];
        for (int b = 0; b < predictions.Length; b++)
        {
            ReadOnlySpan<float> row = counts.Span.Slice(b * Classes, Classes);
            int best = 0;
            for (int k = 1; k < Classes; k++)
            {
                best = row[k] > row[best] ? k : best;
            }
            predictions[b] = best;
        }
        return predictions;
    }

    /// <summary>Per-neuron targets, shape (B, Neurons): <paramref name="on"/> for the label's group, <paramref name="off"/> elsewhere (e.g. target firing rates).</summary>
    public Tensor Targets(ReadOnlySpan<int> labels, float on = 1f, float off = 0f)
    {
        var targets = Tensor.Full(off, labels.Length, Neurons);
        Span<float> values = targets.Span;
        for (int b = 0; b < labels.Length; b++)
        {
            if ((uint)labels[b] >= (uint)Classes)
            {
                ThrowHelper.ThrowArgument($"Label {labels[b]} of sample {b} is outside [0, {Classes}).", nameof(labels));
            }
            values.Slice(b * Neurons + labels[b] * NeuronsPerClass, NeuronsPerClass).Fill(on);
        }
        return targets;
    }
}
