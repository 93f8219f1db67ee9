namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>A datatype message that passed <see cref="Hdf5DatatypeCheck"/>.</summary>
/// <param name="Size">Bytes per element on disk.</param>
/// <param name="Consumed">Bytes of the encoded message (a vlen type includes its base type).</param>
/// <param name="BaseSize">For variable-length types, bytes per base element (1 for strings); otherwise 0.</param>
internal readonly record struct Hdf5CheckedType(int Class, int Size, int Consumed, int BaseSize)
{
    public bool IsVarLen => Class == Hdf5DatatypeCheck.VarLenClass;
}

/// <summary>
/// Datatype messages (format spec §IV.A.2.d): integers, IEEE floats (16, 32, 64 bits), fixed strings and
/// variable-length sequences or strings of those. Everything is checked field by field, because libhdf5's
/// conversion routines trust the bit layout (an odd exponent position is a crash, not an error).
/// </summary>
internal static class Hdf5DatatypeCheck
{
    public const int FixedClass = 0;
    public const int FloatClass = 1;
    public const int StringClass = 3;
    public const int EnumClass = 8;
    public const int VarLenClass = 9;

    /// <summary>Longest enum member name accepted (h5py's bool names are 4 and 5 bytes).</summary>
    private const int MaxEnumNameBytes = 1024;

    /// <summary>A vlen element on disk: 4-byte length, 8-byte global heap collection address, 4-byte object index.</summary>
    public const int VarLenDiskSize = 16;

    private static readonly string[] s_classNames =
        ["fixed-point", "floating-point", "time", "string", "bitfield", "opaque", "compound", "reference", "enumerated", "variable-length", "array"];

    public static Hdf5CheckedType Parse(Hdf5Block b, int at = 0, bool isBase = false)
    {
        byte classAndVersion = b.U8(at);
        int typeClass = classAndVersion & 0x0F, version = classAndVersion >> 4;
        uint bits = b.U8(at + 1) | ((uint)b.U8(at + 2) << 8) | ((uint)b.U8(at + 3) << 16);
        uint size = b.U32(at + 4);
        b.Require(version is >= 1 and <= 3, at, $"datatype version {version} is not 1, 2 or 3.");
        switch (typeClass)
        {
            case FixedClass:
                b.Require(size is 1 or 2 or 4 or 8, at + 4, $"an integer of {size} bytes (expected 1, 2, 4 or 8).");
                b.Require((bits & ~0x9u) == 0, at + 1, $"integer bit field 0x{bits:X} sets padding or reserved bits.");
                b.Require(b.U16(at + 8) == 0 && b.U16(at + 10) == size * 8, at + 8, "an integer whose bits do not fill its bytes.");
                return new(typeClass, (int)size, 12, 0);
            case FloatClass:
                CheckFloat(b, at, bits, size);
                return new(typeClass, (int)size, 20, 0);
            case StringClass when !isBase:
                b.Require(size is >= 1 and <= 1 << 20, at + 4, $"a fixed string of {size} bytes.");
                b.Require((bits & 0x0F) <= 2 && ((bits >> 4) & 0x0F) <= 1 && (bits >> 8) == 0, at + 1, $"string bit field 0x{bits:X} is not a known padding and character set.");
                return new(typeClass, (int)size, 8, 0);
            case EnumClass when !isBase:
                return ParseEnum(b, at, version, bits, size);
            case VarLenClass when !isBase:
                return ParseVarLen(b, at, bits, size);
            default:
                if (typeClass < s_classNames.Length)
                {
                    throw b.Unsupported(at, $"{s_classNames[typeClass]} datatype{(isBase ? " as a variable-length base type" : "")}");
                }
                throw b.Error(at, $"datatype class {typeClass} does not exist.");
        }
    }

    private static Hdf5CheckedType ParseVarLen(Hdf5Block b, int at, uint bits, uint size)
    {
        uint kind = bits & 0x0F, padding = (bits >> 4) & 0x0F, charset = (bits >> 8) & 0x0F;
        b.Require(kind <= 1 && padding <= 2 && charset <= 1 && (bits >> 12) == 0, at + 1, $"variable-length bit field 0x{bits:X} is not a known kind, padding and character set.");
        b.Require(size == VarLenDiskSize, at + 4, $"a variable-length element of {size} bytes (expected {VarLenDiskSize}).");
        Hdf5CheckedType element = Parse(b, at + 8, isBase: true);
        b.Require(kind == 0 || (element.Class == FixedClass && element.Size == 1), at + 8, "a variable-length string whose characters are not bytes.");
        return new(VarLenClass, VarLenDiskSize, 8 + element.Consumed, element.Size);
    }

    /// <summary>An enum over an integer base (h5py writes bool arrays as int8 FALSE/TRUE): base type, names, then values.</summary>
    private static Hdf5CheckedType ParseEnum(Hdf5Block b, int at, int version, uint bits, uint size)
    {
        int members = (int)(bits & 0xFFFF);
        b.Require(members >= 1 && (bits >> 16) == 0, at + 1, $"enum bit field 0x{bits:X} declares no members.");
        Hdf5CheckedType element = Parse(b, at + 8, isBase: true);
        b.Require(element.Class == FixedClass && element.Size == size, at + 8, "an enum whose base is not an integer of the enum's size.");
        int p = at + 8 + element.Consumed;
        for (int i = 0; i < members; i++)
        {
            int length = 0;
            while (b.U8(p + length) != 0)
            {
                length++;
                b.Require(length < MaxEnumNameBytes, p, $"enum member name {i} is not NUL-terminated within {MaxEnumNameBytes} bytes.");
            }
            length++;
            // Versions 1 and 2 pad each name to a multiple of 8 bytes; version 3 packs them.
            p += version < 3 ? (length + 7) & ~7 : length;
        }
        int end = p + members * (int)size;
        b.U8(end - 1);
        return new(EnumClass, (int)size, end - at, 0);
    }

    /// <summary>Only the IEEE binary16/32/64 layouts, in either byte order.</summary>
    private static void CheckFloat(Hdf5Block b, int at, uint bits, uint size)
    {
        (int precision, int exponentAt, int exponentBits, int mantissaBits, uint bias) = size switch
        {
            2 => (16, 10, 5, 10, 15u),
            4 => (32, 23, 8, 23, 127u),
            8 => (64, 52, 11, 52, 1023u),
            _ => throw b.Unsupported(at + 4, $"a {size}-byte floating-point type (only IEEE 2-, 4- and 8-byte floats)"),
        };
        uint expectedBits = (uint)((precision - 1) << 8) | (2u << 4); // sign at the top bit, implied mantissa MSB
        b.Require((bits & ~1u) == expectedBits, at + 1, $"float bit field 0x{bits:X} is not an IEEE {size}-byte layout.");
        b.Require(b.U16(at + 8) == 0 && b.U16(at + 10) == precision && b.U8(at + 12) == exponentAt && b.U8(at + 13) == exponentBits
            && b.U8(at + 14) == 0 && b.U8(at + 15) == mantissaBits && b.U32(at + 16) == bias, at + 8, $"float properties are not the IEEE {size}-byte layout.");
    }
}
