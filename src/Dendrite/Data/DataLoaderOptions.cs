namespace Dendrite.Data;

/// <summary>How a <see cref="DataLoader{T}"/> orders, groups and prefetches samples.</summary>
public sealed record DataLoaderOptions
{
    public int BatchSize { get; init; } = 32;

    /// <summary>Visit samples in a new seeded random order every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seeds shuffling and the per-batch random stream handed to the collate function.</summary>
    public ulong Seed { get; init; }

    /// <summary>Drop the last batch when it has fewer than <see cref="BatchSize"/> samples.</summary>
    public bool DropLast { get; init; }

    /// <summary>Background threads that load and collate batches ahead of the training loop; 0 loads on the caller's thread.</summary>
    /// <remarks>Batches come out in the same order with the same content for any value (each batch's randomness is
    /// derived from (seed, epoch, batch index), never from a stream consumed in thread order).</remarks>
    public int PrefetchThreads { get; init; } = 1;

    /// <summary>At most this many batches are loaded ahead of the consumer (bounds memory).</summary>
    public int PrefetchDepth { get; init; } = 4;

    /// <summary>
    /// The length (e.g. time steps or events) of sample i. When set, samples are bucketed: within each window of
    /// <see cref="BucketWindow"/> batches of the (shuffled) order they are sorted by length before being cut into
    /// batches, and the batches are then shuffled, so each batch pads little.
    /// </summary>
    public Func<int, int>? SampleLength { get; init; }

    /// <summary>Batches per bucketing window (see <see cref="SampleLength"/>).</summary>
    public int BucketWindow { get; init; } = 32;
}
