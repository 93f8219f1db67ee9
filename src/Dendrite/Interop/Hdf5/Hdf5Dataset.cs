namespace Dendrite.Interop.Hdf5;

/// <summary>An open dataset: its shape and type, and reading or writing its elements.</summary>
public sealed class Hdf5Dataset : Hdf5Object
{
    internal Hdf5Dataset(long id, string filePath, string objectPath)
        : base(id, filePath, objectPath)
    {
    }

    /// <summary>The extent; empty for a scalar.</summary>
    public long[] Dimensions => Target.Dimensions();

    public int Rank => Dimensions.Length;

    /// <summary>The number of elements (1 for a scalar).</summary>
    public long ElementCount => Dimensions.Aggregate(1L, (product, d) => product * d);

    /// <summary>The class of the stored element type (integer, float, string, variable-length, ...).</summary>
    public Hdf5TypeClass TypeClass => Target.TypeClass();

    /// <summary>The size in bytes of one stored element: tells float32 (4) from float64 (8) within <see cref="Hdf5TypeClass.Float"/>.</summary>
    public int ElementSize => Target.ElementSize();

    private Hdf5Target Target => new(Id, isAttribute: false, FilePath, ObjectPath);

    /// <summary>All elements, row-major, converted by HDF5 from the stored integer or float type.</summary>
    /// <exception cref="Hdf5Exception">The dataset holds strings, rows or compounds, or the read fails.</exception>
    public T[] Read<T>()
        where T : unmanaged => Hdf5Read.Numeric<T>(Target);

    /// <summary>All elements into <paramref name="destination"/>, which must hold exactly <see cref="ElementCount"/> values.</summary>
    public void Read<T>(Span<T> destination)
        where T : unmanaged => Hdf5Read.Numeric(Target, destination);

    /// <summary>All elements of a fixed- or variable-length string dataset.</summary>
    public string[] ReadStrings() => Hdf5Read.Strings(Target);

    /// <summary>The single string of a scalar (or one-element) string dataset.</summary>
    public string ReadString()
    {
        string[] values = ReadStrings();
        if (values.Length != 1)
        {
            throw new Hdf5Exception($"HDF5: '{ObjectPath}' in '{FilePath}' holds {values.Length} strings, not one.", FilePath, ObjectPath);
        }
        return values[0];
    }

    /// <summary>
    /// Rows of a 1-D variable-length dataset (a ragged array), each converted to <typeparamref name="T"/>.
    /// Reads rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/>; count -1 = to the end.
    /// </summary>
    /// <remarks>HDF5 serialises all calls, so reading many rows at once is much faster than one at a time.</remarks>
    public T[][] ReadVarLen<T>(long start = 0, long count = -1)
        where T : unmanaged => Hdf5Read.VarLen<T>(Target, start, count);

    /// <summary>Writes all elements (converted by HDF5 to the stored type).</summary>
    public void Write<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        long count = ElementCount;
        if (values.Length != count)
        {
            ThrowHelper.ThrowArgument($"'{ObjectPath}' holds {count} elements; {values.Length} values were given.", nameof(values));
        }
        Hdf5Write.Numeric(Target, values);
    }

    /// <summary>Writes all elements of a variable-length string dataset.</summary>
    public void WriteStrings(IReadOnlyList<string> values)
    {
        if (values.Count != ElementCount)
        {
            ThrowHelper.ThrowArgument($"'{ObjectPath}' holds {ElementCount} strings; {values.Count} were given.", nameof(values));
        }
        Hdf5Write.Strings(Target, values);
    }

    /// <summary>Writes all rows of a variable-length dataset.</summary>
    public void WriteVarLen<T>(IReadOnlyList<T[]> rows)
        where T : unmanaged
    {
        if (rows.Count != ElementCount)
        {
            ThrowHelper.ThrowArgument($"'{ObjectPath}' holds {ElementCount} rows; {rows.Count} were given.", nameof(rows));
        }
        Hdf5Write.VarLen(Target, rows);
    }

    private protected override unsafe void Close(long id) => Hdf5Library.Api.H5Dclose(id);
}
