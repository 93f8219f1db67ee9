using Dendrite.Tensors;

namespace Dendrite.Data;

/// <summary>
/// Iterates a dataset in batches: seeded shuffling, optional length bucketing, and background prefetch with a
/// bounded queue.
/// </summary>
/// <remarks>
/// Reproducible by construction. Epoch e's order comes from <c>Rng(seed).Fork("shuffle").Fork(e)</c>, and batch k
/// gets its own stream <c>Rng(seed).Fork("batch").Fork(e).Fork(k)</c> for random transforms and encoders. Batch k's
/// content therefore depends only on (seed, epoch, k), and never on which prefetch thread made it or when.
/// </remarks>
/// <example>
/// <code>
/// var loader = new DataLoader&lt;Labeled&lt;Tensor&gt;&gt;(fashion, (samples, rng) =>
/// {
///     Batch images = Collate.Stack(samples);                                   // [B, 28, 28]
///     return images with { Inputs = RateEncoder.Encode(images.Inputs, 25, rng) }; // [25, B, 28, 28]
/// }, new DataLoaderOptions { BatchSize = 128, Seed = 1 });
/// foreach (Batch batch in loader.Epoch(epoch)) { ... }
/// </code>
/// </example>
public sealed class DataLoader<T>
{
    private readonly IDataset<T> _dataset;
    private readonly Func<IReadOnlyList<T>, Rng, Batch> _collate;
    private readonly DataLoaderOptions _options;

    /// <param name="collate">Turns the samples of one batch into a <see cref="Batch"/>; the <see cref="Rng"/> is this batch's own stream.</param>
    public DataLoader(IDataset<T> dataset, Func<IReadOnlyList<T>, Rng, Batch> collate, DataLoaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(collate);
        _options = options ?? new DataLoaderOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.BatchSize, "options.BatchSize");
        ArgumentOutOfRangeException.ThrowIfNegative(_options.PrefetchThreads, "options.PrefetchThreads");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.PrefetchDepth, "options.PrefetchDepth");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.BucketWindow, "options.BucketWindow");
        _dataset = dataset;
        _collate = collate;
    }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => _options.DropLast ? _dataset.Count / _options.BatchSize : (_dataset.Count + _options.BatchSize - 1) / _options.BatchSize;

    /// <summary>The dataset indices of every batch of epoch <paramref name="epoch"/>, in order.</summary>
    public int[][] Plan(int epoch)
    {
        int n = _dataset.Count;
        int size = _options.BatchSize;
        int[] order = _options.Shuffle ? new Rng(_options.Seed).Fork("shuffle").Fork((ulong)epoch).Permutation(n) : Enumerable.Range(0, n).ToArray();
        if (_options.SampleLength is { } length)
        {
            int window = checked(_options.BucketWindow * size);
            for (int start = 0; start < n; start += window)
            {
                int count = Math.Min(window, n - start);
                // Stable: equal lengths keep their shuffled order.
                int[] sorted = order.AsSpan(start, count).ToArray().OrderBy(length).ToArray();
                sorted.CopyTo(order, start);
            }
        }
        var batches = new List<int[]>(BatchCount);
        for (int start = 0; start < n; start += size)
        {
            int count = Math.Min(size, n - start);
            if (count < size && _options.DropLast)
            {
                break;
            }
            batches.Add(order[start..(start + count)]);
        }
        if (_options.SampleLength is not null && _options.Shuffle)
        {
            // Sorted windows would otherwise feed short sequences first and long ones last.
            int[] batchOrder = new Rng(_options.Seed).Fork("buckets").Fork((ulong)epoch).Permutation(batches.Count);
            return batchOrder.Select(i => batches[i]).ToArray();
        }
        return batches.ToArray();
    }

    /// <summary>The batches of epoch <paramref name="epoch"/>, loaded ahead on <see cref="DataLoaderOptions.PrefetchThreads"/> threads.</summary>
    /// <remarks>Stopping the enumeration early (break, exception) stops and joins the prefetch threads.</remarks>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        int[][] plan = Plan(epoch);
        if (_options.PrefetchThreads == 0)
        {
            for (int k = 0; k < plan.Length; k++)
            {
                yield return Make(plan, epoch, k);
            }
            yield break;
        }
        using var pipeline = new PrefetchPipeline(plan.Length, _options.PrefetchThreads, _options.PrefetchDepth, k => Make(plan, epoch, k));
        for (int k = 0; k < plan.Length; k++)
        {
            yield return pipeline.Take(k);
        }
    }

    /// <summary>Loads and collates batch <paramref name="k"/> of the plan: a pure function of (seed, epoch, k).</summary>
    private Batch Make(int[][] plan, int epoch, int k)
    {
        int[] indices = plan[k];
        var samples = new T[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            samples[i] = _dataset.Get(indices[i]);
        }
        Rng rng = new Rng(_options.Seed).Fork("batch").Fork((ulong)epoch).Fork((ulong)k);
        return _collate(samples, rng) with { Indices = indices };
    }
}
