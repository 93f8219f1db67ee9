namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>The filters of a chunked dataset, in the order they were applied on write.</summary>
internal readonly record struct Hdf5Filters(IReadOnlyList<int> Ids)
{
    public const int Deflate = 1;
    public const int Shuffle = 2;
    public const int Fletcher32 = 3;
}

/// <summary>
/// Filter pipeline messages (format spec §IV.A.2.l), versions 1 and 2, limited to deflate (gzip), shuffle and
/// Fletcher-32 with the client values libhdf5 stores for them.
/// </summary>
internal static class Hdf5FilterPipelineCheck
{
    private const int MaxFilters = 32;

    public static Hdf5Filters Parse(Hdf5Block b, int elementSize)
    {
        int version = b.U8(0), count = b.U8(1);
        b.Require(version is 1 or 2, 0, $"filter pipeline version {version} is not 1 or 2.");
        b.Require(count <= MaxFilters, 1, $"{count} filters (HDF5 allows {MaxFilters}).");
        int at = version == 1 ? 8 : 2;
        var ids = new List<int>();
        for (int i = 0; i < count; i++)
        {
            int start = at, id = b.U16(at);
            at += 2;
            int nameLength = version == 1 || id >= 256 ? b.U16(at) : 0;
            at += version == 1 || id >= 256 ? 2 : 0;
            int flags = b.U16(at), values = b.U16(at + 2);
            at += 4;
            b.Require((flags & ~1) == 0, at - 4, $"filter flags 0x{flags:X} set reserved bits.");
            b.Require(version == 2 || nameLength % 8 == 0, start + 2, $"filter name length {nameLength} is not a multiple of 8.");
            if (nameLength > 0)
            {
                b.Require(b.Field(at, nameLength).IndexOf((byte)0) >= 0, at, "the filter name has no terminating NUL.");
                at += nameLength;
            }
            b.Require(values <= 8, start, $"{values} client values for filter {id}.");
            uint first = values > 0 ? b.U32(at) : 0;
            b.Field(at, 4 * values);
            at += 4 * values + (version == 1 && values % 2 == 1 ? 4 : 0);
            switch (id)
            {
                case Hdf5Filters.Deflate:
                    b.Require(values == 1 && first <= 9, start, "deflate needs one client value, a level of 0..9.");
                    break;
                case Hdf5Filters.Shuffle:
                    b.Require(values == 1 && first == elementSize, start, $"shuffle needs one client value equal to the element size {elementSize}.");
                    break;
                case Hdf5Filters.Fletcher32:
                    b.Require(values == 0, start, "Fletcher-32 takes no client values.");
                    break;
                default:
                    throw b.Unsupported(start, $"filter {id} (only deflate, shuffle and Fletcher-32 are read)");
            }
            ids.Add(id);
        }
        b.Require(at <= b.Length, at, "the filters run past the message.");
        return new Hdf5Filters(ids);
    }
}
