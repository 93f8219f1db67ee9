namespace Dendrite.Bench.Gemm;

/// <summary>What <c>dendrite bench gemm</c> measures and how it reports.</summary>
/// <param name="ThreadCounts">Thread counts to run, each over every shape (by default 1 and all cores).</param>
/// <param name="Repeats">Timed batches per library and shape; the median is reported.</param>
/// <param name="Json">One JSON object per line instead of a table.</param>
public sealed record GemmBenchOptions(IReadOnlyList<int> ThreadCounts, int Repeats, bool Json)
{
    /// <summary>Square sizes, then the SNN projections (T·B × hidden × inputs, e.g. SHD and Fashion-MNIST).</summary>
    public static IReadOnlyList<GemmShape> Shapes { get; } =
    [
        new(256, 256, 256), new(512, 512, 512), new(1024, 1024, 1024), new(2048, 2048, 2048),
        new(3200, 256, 700), new(3200, 1000, 784), new(128, 1000, 784), new(32, 256, 256),
    ];

    /// <summary>1 and every core, or just 1 on a single-core machine.</summary>
    public static IReadOnlyList<int> DefaultThreadCounts =>
        Environment.ProcessorCount > 1 ? [1, Environment.ProcessorCount] : [1];
}
