namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>A link found in a group's symbol table: its name, object header address, and cached group addresses if any.</summary>
internal readonly record struct Hdf5Link(string Name, long Header, long CachedTree, long CachedHeap, long EntryOffset);

/// <summary>
/// Old-style (symbol table) groups, format spec §III.A.1 and §III.C: a version-1 B-tree of type 0 whose leaves
/// point at symbol table nodes ("SNOD"), names in the local heap. Node levels must fall by one per step, entry
/// counts fit the node capacity (2K), and every node is visited once.
/// </summary>
internal static class Hdf5GroupCheck
{
    private const int EntryBytes = 40;
    private const int CachedGroup = 1;
    private const int CachedSoftLink = 2;

    public static List<Hdf5Link> Links(Hdf5Validator v, long treeAddress, long heapAddress, string path)
    {
        Hdf5LocalHeap heap = Hdf5LocalHeap.Read(v.File, heapAddress, path);
        var links = new List<Hdf5Link>();
        Node(v, heap, treeAddress, expectedLevel: -1, path, links);
        return links;
    }

    private static void Node(Hdf5Validator v, Hdf5LocalHeap heap, long address, int expectedLevel, string path, List<Hdf5Link> links)
    {
        int twoK = 2 * v.GroupInternalK;
        Hdf5Block node = v.Visit(address, 24 + (twoK + 1) * 8 + twoK * 8, "group B-tree node", path);
        node.Signature("TREE");
        node.Require(node.U8(4) == 0, 4, $"B-tree node type {node.U8(4)} in a group (expected 0).");
        int level = node.U8(5), entries = node.U16(6);
        node.Require(expectedLevel < 0 || level == expectedLevel, 5, $"B-tree node level {level} under a node of level {expectedLevel + 1}.");
        node.Require(entries <= twoK, 6, $"{entries} entries in a node that holds {twoK}.");
        CheckSibling(v, node, 8);
        CheckSibling(v, node, 16);
        for (int i = 0; i <= entries; i++)
        {
            heap.Name(node.Address64(24 + 16 * i), node, 24 + 16 * i);
        }
        for (int i = 0; i < entries; i++)
        {
            long child = node.Address64(32 + 16 * i);
            if (level > 0)
            {
                Node(v, heap, child, level - 1, path, links);
            }
            else
            {
                SymbolNode(v, heap, child, path, links);
            }
        }
    }

    private static void SymbolNode(Hdf5Validator v, Hdf5LocalHeap heap, long address, string path, List<Hdf5Link> links)
    {
        int capacity = 2 * v.GroupLeafK;
        Hdf5Block node = v.Visit(address, 8 + capacity * EntryBytes, "symbol table node", path);
        node.Signature("SNOD");
        node.Require(node.U8(4) == 1, 4, $"symbol table node version {node.U8(4)} is not 1.");
        int count = node.U16(6);
        node.Require(count <= capacity, 6, $"{count} symbols in a node that holds {capacity}.");
        for (int i = 0; i < count; i++)
        {
            links.Add(Entry(node, 8 + i * EntryBytes, heap));
        }
    }

    /// <summary>A symbol table entry (§III.C); also used for the root group's entry in the superblock (no heap).</summary>
    public static Hdf5Link Entry(Hdf5Block b, int at, Hdf5LocalHeap? heap)
    {
        string name = heap is null ? "" : heap.Name(b.Address64(at), b, at);
        b.Require(heap is null || (name.Length > 0 && !name.Contains('/')), at, $"link name \"{name}\" is empty or contains '/'.");
        long header = b.Address64(at + 8);
        uint cache = b.U32(at + 16);
        if (cache == CachedSoftLink)
        {
            throw b.Unsupported(at + 16, $"soft link \"{name}\"");
        }
        b.Require(cache <= CachedGroup, at + 16, $"symbol table entry cache type {cache} is not 0, 1 or 2.");
        return cache == CachedGroup
            ? new Hdf5Link(name, header, b.Address64(at + 24), b.Address64(at + 32), b.Address + at)
            : new Hdf5Link(name, header, Hdf5Block.Undefined, Hdf5Block.Undefined, b.Address + at);
    }

    private static void CheckSibling(Hdf5Validator v, Hdf5Block node, int at)
    {
        long sibling = node.Address64(at);
        node.Require(sibling == Hdf5Block.Undefined || (sibling >= 0 && sibling < v.File.Limit), at, $"sibling address {(ulong)sibling} lies outside the file.");
    }
}
