namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// A dataset's header: dataspace, datatype, fill value, layout (version 3: compact, contiguous, or chunked with a
/// version-1 B-tree) and filter pipeline, checked against each other, then its stored data (chunks inflated,
/// variable-length references followed into the global heaps).
/// </summary>
internal static class Hdf5DatasetCheck
{
    public const int DataspaceType = 0x01;
    public const int DatatypeType = 0x03;
    public const int OldFillType = 0x04;
    public const int FillType = 0x05;
    public const int LayoutType = 0x08;
    public const int PipelineType = 0x0B;

    /// <summary>
    /// Unwritten storage reads as fill values, so a small corrupt file could declare a dataset of terabytes and have a
    /// reader allocate it. Datasets beyond this size must have all their storage in the file.
    /// </summary>
    private const long SparseLimitBytes = 64L << 20;

    public static void Check(Hdf5Validator v, Dictionary<int, Hdf5Message> messages, string path)
    {
        Hdf5Message layout = messages[LayoutType];
        if (!messages.TryGetValue(DataspaceType, out Hdf5Message? spaceMessage) || !messages.TryGetValue(DatatypeType, out Hdf5Message? typeMessage))
        {
            throw layout.Body.Error(0, "a dataset without a dataspace or datatype message.");
        }
        Hdf5CheckedSpace space = Hdf5DataspaceCheck.Parse(spaceMessage.Body);
        Hdf5CheckedType type = Hdf5DatatypeCheck.Parse(typeMessage.Body);
        foreach (int fillType in new[] { FillType, OldFillType })
        {
            if (messages.TryGetValue(fillType, out Hdf5Message? fill))
            {
                CheckFill(fill.Body, fillType, type);
            }
        }
        Hdf5Filters filters = messages.TryGetValue(PipelineType, out Hdf5Message? pipeline)
            ? Hdf5FilterPipelineCheck.Parse(pipeline.Body, type.Size)
            : new Hdf5Filters([]);
        long bytes = space.ElementCount * type.Size;
        Hdf5Block b = layout.Body;
        int version = b.U8(0), layoutClass = b.U8(1);
        if (version != 3)
        {
            throw version is 1 or 2 or 4 or 5 ? b.Unsupported(0, $"data layout message version {version}") : b.Error(0, $"data layout version {version} does not exist.");
        }
        b.Require(layoutClass == 2 || filters.Ids.Count == 0, 1, "a filter pipeline on a dataset that is not chunked.");
        switch (layoutClass)
        {
            case 0:
                int size = b.U16(2);
                b.Require(size == bytes, 2, $"compact data of {size} bytes for {space.ElementCount} elements of {type.Size} bytes.");
                Hdf5Block compact = b.Slice(4, size, "compact data");
                CheckVarLen(v, compact, space.ElementCount, type);
                break;
            case 1:
                long address = b.Address64(2), stored = b.Address64(10);
                b.Require(stored == bytes, 10, $"contiguous storage of {(ulong)stored} bytes for {space.ElementCount} elements of {type.Size} bytes.");
                if (address == Hdf5Block.Undefined)
                {
                    CheckSparse(b, bytes);
                }
                else
                {
                    v.File.CheckRange(address, stored, "contiguous data", path);
                    if (type.IsVarLen && stored > 0)
                    {
                        CheckVarLen(v, v.File.Read(address, stored, "contiguous data", path), space.ElementCount, type);
                    }
                }
                break;
            case 2:
                Chunked(v, b, space, type, filters, path);
                break;
            default:
                throw layoutClass == 3 ? b.Unsupported(1, "virtual dataset layout") : b.Error(1, $"layout class {layoutClass} does not exist.");
        }
    }

    private static void Chunked(Hdf5Validator v, Hdf5Block b, Hdf5CheckedSpace space, Hdf5CheckedType type, Hdf5Filters filters, string path)
    {
        int rank = b.U8(2) - 1;
        b.Require(rank == space.Dims.Length && rank >= 1, 2, $"chunks of rank {rank} for a dataspace of rank {space.Dims.Length}.");
        long tree = b.Address64(3);
        var chunkDims = new long[rank];
        long chunkBytes = type.Size;
        for (int d = 0; d < rank; d++)
        {
            chunkDims[d] = b.U32(11 + 4 * d);
            b.Require(chunkDims[d] > 0, 11 + 4 * d, $"chunk dimension {d} is zero.");
            chunkBytes *= chunkDims[d];
            b.Require(chunkBytes <= uint.MaxValue, 11 + 4 * d, "a chunk of 4 GiB or more.");
        }
        b.Require(b.U32(11 + 4 * rank) == type.Size, 11 + 4 * rank, $"the chunk's element size {b.U32(11 + 4 * rank)} differs from the datatype's {type.Size}.");
        int stored = tree == Hdf5Block.Undefined ? 0 : Hdf5ChunkCheck.Tree(v, tree, new Hdf5ChunkCheck.Shape(space.Dims, chunkDims, chunkBytes, filters, type), path);
        long needed = 1;
        for (int d = 0; d < rank; d++)
        {
            needed *= (space.Dims[d] + chunkDims[d] - 1) / chunkDims[d];
        }
        if (stored < needed)
        {
            CheckSparse(b, space.ElementCount * type.Size);
        }
    }

    private static void CheckSparse(Hdf5Block layout, long bytes)
    {
        if (bytes > SparseLimitBytes)
        {
            throw layout.Unsupported(0, $"a {bytes}-byte dataset whose storage is not all written (only datasets up to {SparseLimitBytes >> 20} MiB may rely on fill values)");
        }
    }

    private static void CheckFill(Hdf5Block b, int messageType, Hdf5CheckedType type)
    {
        int at;
        bool present;
        if (messageType == OldFillType)
        {
            (at, present) = (0, true);
        }
        else
        {
            int version = b.U8(0);
            b.Require(version is >= 1 and <= 3, 0, $"fill value version {version} is not 1, 2 or 3.");
            if (version == 3)
            {
                int flags = b.U8(1);
                b.Require((flags & ~0x3F) == 0 && (flags & 0x30) != 0x30 && (flags & 3) != 3 && ((flags >> 2) & 3) != 3, 1, $"fill value flags 0x{flags:X2}.");
                (at, present) = (2, (flags & 0x20) != 0);
            }
            else
            {
                b.Require(b.U8(1) <= 3 && b.U8(2) <= 2 && b.U8(3) <= 1, 1, "fill value allocation time, write time or defined flag out of range.");
                (at, present) = (4, version == 1 || b.U8(3) == 1);
            }
        }
        if (!present)
        {
            return;
        }
        int size = (int)b.U32(at);
        b.Require(size is 0 or -1 || size == type.Size, at, $"a {size}-byte fill value for {type.Size}-byte elements.");
        if (size > 0)
        {
            ReadOnlySpan<byte> value = b.Field(at + 4, size);
            b.Require(!type.IsVarLen || !value.ContainsAnyExcept((byte)0), at + 4, "a variable-length fill value that is not empty.");
        }
    }

    private static void CheckVarLen(Hdf5Validator v, Hdf5Block data, long count, Hdf5CheckedType type)
    {
        if (type.IsVarLen)
        {
            v.GlobalHeaps.CheckAll(data, 0, count, type.BaseSize);
        }
    }
}
