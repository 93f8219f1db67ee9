namespace Dendrite.Data;

/// <summary>A fixed-size, indexable collection of samples.</summary>
/// <remarks>
/// <see cref="Get"/> must be safe to call from several threads at once: the <see cref="DataLoader{T}"/> prefetches
/// batches on background threads. It must also be deterministic: the same index always gives the same sample
/// (randomness belongs in the loader's collate step, which receives a seeded <see cref="Tensors.Rng"/>).
/// </remarks>
public interface IDataset<out T>
{
    int Count { get; }

    T Get(int index);
}

/// <summary>A sample and its class label.</summary>
public readonly record struct Labeled<T>(T Value, int Label);

/// <summary>Which part of a dataset to load.</summary>
public enum DatasetSplit
{
    Train,
    Test,

    /// <summary>The validation split (SSC has one; the others do not).</summary>
    Validation,
}
