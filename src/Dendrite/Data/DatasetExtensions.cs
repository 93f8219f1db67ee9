namespace Dendrite.Data;

/// <summary>Lazy, per-sample transformations of datasets.</summary>
public static class DatasetExtensions
{
    /// <summary>
    /// A view of <paramref name="dataset"/> whose sample i is <paramref name="map"/>(dataset.Get(i)), computed on each
    /// access (e.g. binning SHD spikes or framing events). <paramref name="map"/> must be deterministic and thread-safe;
    /// put random augmentation in the loader's collate step, which has a seeded stream per batch.
    /// </summary>
    public static IDataset<TOut> Select<TIn, TOut>(this IDataset<TIn> dataset, Func<TIn, TOut> map)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(map);
        return new Mapped<TIn, TOut>(dataset, map);
    }

    private sealed class Mapped<TIn, TOut>(IDataset<TIn> source, Func<TIn, TOut> map) : IDataset<TOut>
    {
        public int Count => source.Count;

        public TOut Get(int index) => map(source.Get(index));
    }
}
