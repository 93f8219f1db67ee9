namespace Dendrite.Kernels;

/// <summary>
/// A row count known at JIT time. A micro-kernel generic over it is compiled once per count, with the code
/// for absent rows removed, so one source serves the full tile and its short edge variants.
/// </summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal readonly struct Rows4 : IRowCount
{
    public static int Value => 4;
}

internal readonly struct Rows8 : IRowCount
{
    public static int Value => 8;
}

internal readonly struct Rows12 : IRowCount
{
    public static int Value => 12;
}
