namespace Dendrite.Interop.Numpy;

/// <summary>The NumPy element types Dendrite reads and writes (C order, any byte order on read).</summary>
public enum NpyDataType
{
    Bool,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float32,
    Float64,
}

internal static class NpyDataTypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(NpyDataType type) => type switch
    {
        NpyDataType.Bool or NpyDataType.Int8 or NpyDataType.UInt8 => 1,
        NpyDataType.Int16 or NpyDataType.UInt16 => 2,
        NpyDataType.Int32 or NpyDataType.UInt32 or NpyDataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The little-endian NumPy type string ('descr'), e.g. "&lt;f4".</summary>
    public static string Descr(NpyDataType type) => type switch
    {
        NpyDataType.Bool => "|b1",
        NpyDataType.Int8 => "|i1",
        NpyDataType.UInt8 => "|u1",
        NpyDataType.Int16 => "<i2",
        NpyDataType.UInt16 => "<u2",
        NpyDataType.Int32 => "<i4",
        NpyDataType.UInt32 => "<u4",
        NpyDataType.Int64 => "<i8",
        NpyDataType.UInt64 => "<u8",
        NpyDataType.Float32 => "<f4",
        _ => "<f8",
    };

    /// <summary>Parses a 'descr' such as "&lt;f4", "|u1" or "&gt;i8"; false for anything else (objects, records, strings).</summary>
    public static bool TryParse(string descr, out NpyDataType type, out bool bigEndian)
    {
        type = default;
        bigEndian = false;
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '='))
        {
            return false;
        }
        bigEndian = descr[0] == '>';
        (NpyDataType Type, bool Ok) parsed = descr[1..] switch
        {
            "b1" => (NpyDataType.Bool, true),
            "i1" => (NpyDataType.Int8, true),
            "u1" => (NpyDataType.UInt8, true),
            "i2" => (NpyDataType.Int16, true),
            "u2" => (NpyDataType.UInt16, true),
            "i4" => (NpyDataType.Int32, true),
            "u4" => (NpyDataType.UInt32, true),
            "i8" => (NpyDataType.Int64, true),
            "u8" => (NpyDataType.UInt64, true),
            "f4" => (NpyDataType.Float32, true),
            "f8" => (NpyDataType.Float64, true),
            _ => (default, false),
        };
        type = parsed.Type;
        return parsed.Ok;
    }
}
