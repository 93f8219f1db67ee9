using Dendrite.Events;
using Dendrite.Events.Transforms;
using Dendrite.Tensors;

namespace Dendrite.Data;

/// <summary>Ready-made collate functions for <see cref="DataLoader{T}"/>: stacking, and padding sequences time-major.</summary>
public static class Collate
{
    /// <summary>Stacks equally shaped samples into <c>[B, shape...]</c> (static data such as images).</summary>
    public static Batch Stack(IReadOnlyList<Labeled<Tensor>> samples)
    {
        ArgumentOutOfRangeException.ThrowIfZero(samples.Count, nameof(samples));
        TensorShape shape = samples[0].Value.Shape;
        var inputs = new Tensor(shape.Prepend(samples.Count));
        int size = shape.ElementCount;
        var labels = new int[samples.Count];
        for (int b = 0; b < samples.Count; b++)
        {
            if (samples[b].Value.Shape != shape)
            {
                ThrowHelper.ThrowArgument($"Sample {b} has shape {samples[b].Value.Shape}; sample 0 has {shape}. Use Collate.TimeMajor to pad sequences.", nameof(samples));
            }
            samples[b].Value.Span.CopyTo(inputs.Span.Slice(b * size, size));
            labels[b] = samples[b].Label;
        }
        return new Batch(inputs, labels);
    }

    /// <summary>
    /// Turns sequences <c>[T_b, features...]</c> into one time-major batch <c>[T, B, features...]</c>, zero-padding
    /// each to T = the longest (or <paramref name="steps"/>), and records each T_b in <see cref="Batch.Lengths"/>.
    /// </summary>
    /// <param name="steps">Pad every batch to this many steps (a sample longer than this is an error, never cut silently).</param>
    public static Batch TimeMajor(IReadOnlyList<Labeled<Tensor>> samples, int? steps = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(samples.Count, nameof(samples));
        TensorShape step = samples[0].Value.Shape.DropLeading(1);
        int features = step.ElementCount;
        var lengths = new int[samples.Count];
        var labels = new int[samples.Count];
        int longest = 0;
        for (int b = 0; b < samples.Count; b++)
        {
            Tensor value = samples[b].Value;
            if (value.Rank == 0 || value.Shape.DropLeading(1) != step)
            {
                ThrowHelper.ThrowArgument($"Sample {b} has shape {value.Shape}; expected [T, {string.Join(", ", step.ToArray())}] like sample 0.", nameof(samples));
            }
            lengths[b] = value.Shape[0];
            labels[b] = samples[b].Label;
            longest = Math.Max(longest, lengths[b]);
        }
        int total = steps ?? longest;
        if (longest > total)
        {
            ThrowHelper.ThrowArgument($"A sample has {longest} steps, more than the {total} to pad to.", nameof(steps));
        }
        var inputs = new Tensor(step.Prepend(samples.Count).Prepend(total));
        Span<float> destination = inputs.Span;
        for (int b = 0; b < samples.Count; b++)
        {
            ReadOnlySpan<float> source = samples[b].Value.Span;
            for (int t = 0; t < lengths[b]; t++)
            {
                source.Slice(t * features, features).CopyTo(destination.Slice((t * samples.Count + b) * features, features));
            }
        }
        return new Batch(inputs, labels, lengths);
    }

    /// <summary>
    /// Variable-length event streams to one padded time-major batch: each stream becomes frames (T_b, P, H, W) by
    /// <paramref name="toFrame"/>, then <see cref="TimeMajor"/> pads them to (T, B, P, H, W).
    /// </summary>
    public static Batch Frames(IReadOnlyList<Labeled<EventStream>> samples, ToFrame toFrame, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(toFrame);
        var frames = new Labeled<Tensor>[samples.Count];
        for (int b = 0; b < frames.Length; b++)
        {
            frames[b] = new Labeled<Tensor>(toFrame.Apply(samples[b].Value), samples[b].Label);
        }
        return TimeMajor(frames, steps);
    }
}
