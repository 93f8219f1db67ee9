using System.IO.Compression;

namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// The version-1 B-tree (type 1) that indexes a chunked dataset, format spec §III.A.1, and the chunks themselves:
/// each chunk must sit inside the file at a chunk-aligned offset inside the extent, and must un-filter (inflate,
/// strip its checksum) to exactly one chunk of bytes, so libhdf5's filters never see a size it does not expect.
/// </summary>
internal static class Hdf5ChunkCheck
{
    /// <summary>What a chunked dataset's B-tree is checked against.</summary>
    public sealed record Shape(long[] Dims, long[] ChunkDims, long ChunkBytes, Hdf5Filters Filters, Hdf5CheckedType Type);

    /// <summary>Checks the tree and every chunk; returns the number of chunks stored.</summary>
    public static int Tree(Hdf5Validator v, long address, Shape shape, string path)
    {
        var seen = new HashSet<string>();
        Node(v, address, -1, shape, path, seen);
        return seen.Count;
    }

    private static void Node(Hdf5Validator v, long address, int expectedLevel, Shape shape, string path, HashSet<string> seen)
    {
        int rank = shape.Dims.Length, keyBytes = 8 + 8 * (rank + 1), twoK = 2 * v.ChunkInternalK;
        Hdf5Block node = v.Visit(address, 24 + (twoK + 1) * keyBytes + twoK * 8, "chunk B-tree node", path);
        node.Signature("TREE");
        node.Require(node.U8(4) == 1, 4, $"B-tree node type {node.U8(4)} indexing chunks (expected 1).");
        int level = node.U8(5), entries = node.U16(6);
        node.Require(expectedLevel < 0 || level == expectedLevel, 5, $"B-tree node level {level} under a node of level {expectedLevel + 1}.");
        node.Require(entries <= twoK, 6, $"{entries} entries in a node that holds {twoK}.");
        for (int i = 0; i < entries; i++)
        {
            int key = 24 + i * (keyBytes + 8);
            long child = node.Address64(key + keyBytes);
            if (level > 0)
            {
                Node(v, child, level - 1, shape, path, seen);
                continue;
            }
            var offsets = new long[rank];
            for (int d = 0; d < rank; d++)
            {
                offsets[d] = node.Address64(key + 8 + 8 * d);
                node.Require(offsets[d] >= 0 && offsets[d] < shape.Dims[d] && offsets[d] % shape.ChunkDims[d] == 0, key + 8 + 8 * d,
                    $"chunk offset {(ulong)offsets[d]} on axis {d} is not a multiple of {shape.ChunkDims[d]} inside the extent {shape.Dims[d]}.");
            }
            node.Require(node.U64(key + 8 + 8 * rank) == 0, key + 8 + 8 * rank, "the chunk offset's element axis is not zero.");
            node.Require(seen.Add(string.Join(',', offsets)), key, $"chunk [{string.Join(", ", offsets)}] is indexed twice.");
            Chunk(v, node, key, child, shape);
        }
    }

    private static void Chunk(Hdf5Validator v, Hdf5Block node, int key, long address, Shape shape)
    {
        uint stored = node.U32(key), mask = node.U32(key + 4);
        int filters = shape.Filters.Ids.Count;
        node.Require(stored > 0 && (filters > 0 || stored == shape.ChunkBytes), key, $"a chunk stored in {stored} bytes; unfiltered chunks hold {shape.ChunkBytes}.");
        node.Require(mask >> filters == 0, key + 4, $"filter mask 0x{mask:X} names filters the pipeline does not have.");
        Hdf5Block chunk = v.File.Read(address, stored, "chunk", node.ObjectPath);
        byte[] data = chunk.Data;
        for (int i = filters - 1; i >= 0; i--)
        {
            if ((mask & (1u << i)) == 0)
            {
                data = Undo(shape.Filters.Ids[i], data, shape.ChunkBytes + 4 * filters, chunk);
            }
        }
        chunk.Require(data.Length == shape.ChunkBytes, 0, $"the chunk un-filters to {data.Length} bytes, not {shape.ChunkBytes}.");
        if (shape.Type.IsVarLen)
        {
            var plain = new Hdf5Block(v.File, address, data, "chunk (un-filtered)", node.ObjectPath);
            v.GlobalHeaps.CheckAll(plain, 0, data.Length / Hdf5DatatypeCheck.VarLenDiskSize, shape.Type.BaseSize);
        }
    }

    private static byte[] Undo(int filter, byte[] data, long limit, Hdf5Block chunk)
    {
        switch (filter)
        {
            case Hdf5Filters.Fletcher32:
                chunk.Require(data.Length >= 4, 0, "a Fletcher-32 chunk shorter than its checksum.");
                return data[..^4];
            case Hdf5Filters.Deflate:
                try
                {
                    using var inflate = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
                    using var output = new MemoryStream();
                    var buffer = new byte[1 << 16];
                    int read;
                    while ((read = inflate.Read(buffer)) > 0)
                    {
                        output.Write(buffer, 0, read);
                        chunk.Require(output.Length <= limit, 0, $"the chunk inflates past {limit} bytes.");
                    }
                    return output.ToArray();
                }
                catch (InvalidDataException e)
                {
                    throw chunk.Error(0, $"the deflate stream is corrupt ({e.Message}).");
                }
            default:
                return data; // shuffle reorders bytes without changing their number
        }
    }
}
