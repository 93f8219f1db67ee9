namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// Attribute messages (format spec §IV.A.2.m), versions 1–3: the name, datatype and dataspace must each fit their
/// declared sizes and the data (elements × element size) must fit the message, since libhdf5 1.10 copies it without
/// checking.
/// </summary>
internal static class Hdf5AttributeCheck
{
    public const int AttributeType = 0x0C;

    public static void Check(Hdf5Validator v, Hdf5Block b)
    {
        int version = b.U8(0), flags = b.U8(1);
        b.Require(version is >= 1 and <= 3, 0, $"attribute message version {version} is not 1, 2 or 3.");
        if (version >= 2 && (flags & 3) != 0)
        {
            throw b.Unsupported(1, "attribute with a shared datatype or dataspace");
        }
        b.Require(flags == 0, 1, $"attribute flags 0x{flags:X2}.");
        int nameSize = b.U16(2), typeSize = b.U16(4), spaceSize = b.U16(6);
        int at = 8;
        if (version == 3)
        {
            b.Require(b.U8(8) <= 1, 8, $"attribute name encoding {b.U8(8)} is not ASCII (0) or UTF-8 (1).");
            at = 9;
        }
        b.Require(nameSize >= 2, 2, "an attribute with an empty name.");
        ReadOnlySpan<byte> name = b.Field(at, nameSize);
        b.Require(name[^1] == 0 && name[..^1].IndexOf((byte)0) < 0, at, "the attribute name is not NUL-terminated at its declared size.");
        Hdf5Names.Utf8(name[..^1], b, at);
        at += Pad(nameSize, version);
        Hdf5Block typeBlock = b.Slice(at, typeSize, "attribute datatype");
        Hdf5CheckedType type = Hdf5DatatypeCheck.Parse(typeBlock);
        at += Pad(typeSize, version);
        Hdf5Block spaceBlock = b.Slice(at, spaceSize, "attribute dataspace");
        Hdf5CheckedSpace space = Hdf5DataspaceCheck.Parse(spaceBlock);
        b.Require(type.Consumed <= typeSize && space.Consumed <= spaceSize, 4, "the attribute's datatype or dataspace is longer than its declared size.");
        at += Pad(spaceSize, version);
        long bytes = space.ElementCount * type.Size;
        b.Require(bytes <= b.Length - at, at, $"attribute data of {space.ElementCount} × {type.Size} bytes does not fit the {b.Length}-byte message.");
        if (type.IsVarLen)
        {
            v.GlobalHeaps.CheckAll(b, at, space.ElementCount, type.BaseSize);
        }
    }

    private static int Pad(int size, int version) => version == 1 ? (size + 7) & ~7 : size;
}
