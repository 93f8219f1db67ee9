namespace Dendrite.Interop.Nir;

/// <summary>
/// One entry of a NIR file below <c>/node</c>: a numeric array, a string (array) or a group of named entries.
/// It mirrors what <c>nir.write</c> puts in HDF5, so reading and writing are lossless.
/// </summary>
public abstract record NirValue;

/// <summary>How a numeric array is stored: NIR files hold float32 weights, sometimes float64, and int64 shapes.</summary>
public enum NirDType
{
    Float32,
    Float64,
    Int64,
}

/// <summary>
/// A numeric dataset. Values are held as doubles, which represent float32 exactly and int64 up to 2^53 (shapes,
/// kernel sizes), so a read-then-write keeps every bit. An empty <see cref="Shape"/> is a scalar (a Python int or float).
/// </summary>
public sealed record NirArray(NirDType DType, long[] Shape, double[] Values) : NirValue
{
    public static NirArray Float32(ReadOnlySpan<float> values, params long[] shape) =>
        new(NirDType.Float32, shape.Length == 0 ? [values.Length] : shape, Widen(values));

    public static NirArray Float64(double[] values, params long[] shape) =>
        new(NirDType.Float64, shape.Length == 0 ? [values.Length] : shape, values);

    public static NirArray Int64(params long[] values) => new(NirDType.Int64, [values.Length], Array.ConvertAll(values, v => (double)v));

    public static NirArray ScalarInt(long value) => new(NirDType.Int64, [], [value]);

    public static NirArray ScalarFloat(double value) => new(NirDType.Float64, [], [value]);

    public long Count => Values.LongLength;

    public float[] ToSingles() => Array.ConvertAll(Values, v => (float)v);

    public long[] ToInt64s() => Array.ConvertAll(Values, v => (long)v);

    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    public bool SameContent(NirArray other) =>
        DType == other.DType && Shape.AsSpan().SequenceEqual(other.Shape) && Values.AsSpan().SequenceEqual(other.Values);

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            wide[i] = values[i];
        }
        return wide;
    }
}

/// <summary>A variable-length UTF-8 string dataset: a scalar (<c>type</c>, <c>padding="same"</c>) or an array (<c>edges</c>, N × 2).</summary>
public sealed record NirText(long[] Shape, string[] Values) : NirValue
{
    public static NirText Scalar(string value) => new([], [value]);
}

/// <summary>A group: a node, <c>nodes</c>, or <c>metadata</c>. Entries are kept in name order, as HDF5 lists them.</summary>
public sealed record NirGroup(SortedDictionary<string, NirValue> Entries) : NirValue
{
    public NirGroup()
        : this(new SortedDictionary<string, NirValue>(StringComparer.Ordinal))
    {
    }
}
