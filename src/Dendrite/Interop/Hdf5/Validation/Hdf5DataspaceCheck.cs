namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>A dataspace message that passed <see cref="Hdf5DataspaceCheck"/>; an empty <see cref="Dims"/> is a scalar unless <see cref="IsNull"/>.</summary>
internal readonly record struct Hdf5CheckedSpace(long[] Dims, bool IsNull, int Consumed)
{
    /// <summary>Elements held (0 for a null space); bounded so that products with element sizes cannot overflow.</summary>
    public long ElementCount => IsNull ? 0 : Dims.Aggregate(1L, (product, d) => product * d);
}

/// <summary>Dataspace messages (format spec §IV.A.2.b), versions 1 and 2, without permutation indices.</summary>
internal static class Hdf5DataspaceCheck
{
    private const int MaxRank = 32;

    /// <summary>2^40 elements: more than any file we can open holds, small enough that element-size products fit a long.</summary>
    private const long MaxElements = 1L << 40;

    public static Hdf5CheckedSpace Parse(Hdf5Block b, int at = 0)
    {
        int version = b.U8(at), rank = b.U8(at + 1), flags = b.U8(at + 2);
        b.Require(rank <= MaxRank, at + 1, $"a dataspace of rank {rank} (HDF5 allows at most {MaxRank}).");
        bool isNull = false;
        int header;
        if (version == 1)
        {
            header = 8;
        }
        else if (version == 2)
        {
            int type = b.U8(at + 3);
            b.Require(type <= 2 && (type == 1 || rank == 0), at + 3, $"dataspace type {type} with rank {rank}.");
            isNull = type == 2;
            header = 4;
        }
        else
        {
            throw b.Error(at, $"dataspace version {version} is not 1 or 2.");
        }
        if ((flags & 2) != 0)
        {
            throw b.Unsupported(at + 2, "dataspace permutation indices");
        }
        b.Require((flags & ~1) == 0, at + 2, $"dataspace flags 0x{flags:X} set reserved bits.");
        var dims = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            ulong d = b.U64(at + header + 8 * i);
            b.Require(d <= (ulong)MaxElements && (d == 0 || count <= MaxElements / (long)d), at + header + 8 * i, $"dimension {i} of {d} makes the dataspace larger than 2^40 elements.");
            dims[i] = (long)d;
            count *= Math.Max(1, (long)d);
        }
        int consumed = header + 8 * rank;
        if ((flags & 1) != 0)
        {
            for (int i = 0; i < rank; i++)
            {
                ulong max = b.U64(consumed + at + 8 * i);
                b.Require(max == ulong.MaxValue || max >= (ulong)dims[i], at + consumed + 8 * i, $"maximum dimension {i} ({max}) is below the current {dims[i]}.");
            }
            consumed += 8 * rank;
        }
        return new(dims, isNull, consumed);
    }
}
