using Microsoft.Win32.SafeHandles;

namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// Checks a file's structure in managed code before libhdf5 opens it. libhdf5 1.10 trusts much of its metadata
/// (a corrupt size or address is a segfault, a looping list a hang), so every object reachable from the root
/// group is parsed here first, within the subset libhdf5 and h5py write by default: superblock v0/v1, version-1
/// object headers, symbol-table groups, and datasets of integers, IEEE floats, strings and variable-length data.
/// Anything inconsistent is an <see cref="Hdf5Exception"/> naming the file, byte offset and structure; anything
/// outside the subset is one that says which feature is unsupported.
/// </summary>
internal sealed class Hdf5Validator
{
    private const int SymbolTableType = 0x11;
    private const int ModifiedType = 0x12;
    private const int OldModifiedType = 0x0E;
    private static readonly byte[] s_signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];
    private static readonly Dictionary<int, string> s_unsupportedMessages = new()
    {
        [0x02] = "new-style group (link info message)",
        [0x06] = "link message (new-style group)",
        [0x07] = "external data file list",
        [0x0A] = "group info message (new-style group)",
        [0x0D] = "object comment",
        [0x15] = "attribute info message (dense or ordered attributes)",
        [0x16] = "object reference count message",
    };

    private readonly HashSet<long> _nodes = [];
    private readonly HashSet<long> _headerBlocks = [];
    private readonly HashSet<long> _objects = [];

    private Hdf5Validator(Hdf5Bytes file)
    {
        File = file;
        GlobalHeaps = new Hdf5GlobalHeaps(file);
    }

    public Hdf5Bytes File { get; }

    public Hdf5GlobalHeaps GlobalHeaps { get; }

    public int GroupLeafK { get; private set; }

    public int GroupInternalK { get; private set; }

    public int ChunkInternalK { get; private set; } = 32;

    /// <summary>Validates the file open on <paramref name="handle"/>; <paramref name="name"/> is used in messages.</summary>
    public static void Validate(string name, SafeFileHandle handle) => new Hdf5Validator(new Hdf5Bytes.FromFile(name, handle)).Run();

    /// <summary>Validates a file image in memory.</summary>
    public static unsafe void Validate(string name, ReadOnlySpan<byte> image)
    {
        fixed (byte* p = image)
        {
            new Hdf5Validator(new Hdf5Bytes.FromMemory(name, p, image.Length)).Run();
        }
    }

    /// <summary>The (address, length) of every structure the validator reads in a valid image: where metadata mutations matter.</summary>
    internal static unsafe List<(long Address, long Length)> StructureRanges(ReadOnlySpan<byte> image, string name)
    {
        var trace = new List<(long, long)>();
        fixed (byte* p = image)
        {
            new Hdf5Validator(new Hdf5Bytes.FromMemory(name, p, image.Length) { Trace = trace }).Run();
        }
        return trace;
    }

    /// <summary>Reads a B-tree or symbol table node, refusing to visit one twice (which would be a cycle or a shared subtree).</summary>
    public Hdf5Block Visit(long address, long length, string structure, string path)
    {
        Hdf5Block node = File.Read(address, length, structure, path);
        node.Require(_nodes.Add(address), 0, "the node is reached twice (a cycle in the tree).");
        return node;
    }

    private void Run()
    {
        Hdf5Link root = Superblock();
        var pending = new Queue<(Hdf5Link Link, string Path)>();
        pending.Enqueue((root, "/"));
        while (pending.Count > 0)
        {
            (Hdf5Link link, string path) = pending.Dequeue();
            if (_objects.Add(link.Header))
            {
                foreach (Hdf5Link child in Object(link, path))
                {
                    pending.Enqueue((child, path == "/" ? "/" + child.Name : path + "/" + child.Name));
                }
            }
        }
    }

    private Hdf5Link Superblock()
    {
        Hdf5Block b = File.Read(0, Math.Min(File.Length, 100), "superblock");
        if (!b.Field(0, Math.Min(8, b.Length)).SequenceEqual(s_signature))
        {
            throw b.Error(0, "not an HDF5 file: the signature \\211HDF\\r\\n\\032\\n is not at byte 0 (files with a user block are not supported).");
        }
        int version = b.U8(8);
        if (version is 2 or 3)
        {
            throw b.Unsupported(8, $"superblock version {version} (written with libver='latest')");
        }
        b.Require(version <= 1, 8, $"superblock version {version} does not exist.");
        b.Require(b.U8(9) == 0 && b.U8(10) == 0 && b.U8(12) == 0, 9, "free-space, root-entry or shared-header version is not 0.");
        if (b.U8(13) != 8 || b.U8(14) != 8)
        {
            throw b.Unsupported(13, $"{b.U8(13)}-byte addresses and {b.U8(14)}-byte lengths (only 8 and 8)");
        }
        GroupLeafK = b.U16(16);
        GroupInternalK = b.U16(18);
        b.Require(GroupLeafK is > 0 and < 1 << 15 && GroupInternalK is > 0 and < 1 << 15, 16, $"group node sizes K = {GroupLeafK}, {GroupInternalK}.");
        b.Require(b.U32(20) == 0, 20, $"file consistency flags 0x{b.U32(20):X}.");
        int at = 24;
        if (version == 1)
        {
            ChunkInternalK = b.U16(24);
            b.Require(ChunkInternalK is > 0 and < 1 << 15, 24, $"chunk node size K = {ChunkInternalK}.");
            at = 28;
        }
        b.Require(b.Address64(at) == 0, at, "a base address other than 0 (user blocks are not supported).");
        b.Require(b.Address64(at + 8) == Hdf5Block.Undefined && b.Address64(at + 24) == Hdf5Block.Undefined, at + 8, "a free-space or driver information block address is set.");
        long eof = b.Address64(at + 16);
        b.Require(eof > 0 && eof <= File.Length, at + 16, $"the superblock says the file ends at byte {(ulong)eof}, but it has {File.Length} bytes (truncated?).");
        File.Limit = eof;
        Hdf5Link root = Hdf5GroupCheck.Entry(b, at + 32, heap: null);
        b.Require(b.Address64(at + 32) == 0, at + 32, "the root entry's name offset is not 0.");
        return root;
    }

    /// <summary>Checks one object and returns the links to follow if it is a group.</summary>
    private List<Hdf5Link> Object(Hdf5Link link, string path)
    {
        List<Hdf5Message> messages = Hdf5ObjectHeaderCheck.Read(File, link.Header, path, _headerBlocks);
        var single = new Dictionary<int, Hdf5Message>();
        foreach (Hdf5Message m in messages)
        {
            if (s_unsupportedMessages.TryGetValue(m.Type, out string? feature))
            {
                throw m.Body.Unsupported(0, feature);
            }
            switch (m.Type)
            {
                case 0x00:
                case Hdf5ObjectHeaderCheck.ContinuationType:
                    break;
                case Hdf5AttributeCheck.AttributeType:
                    Hdf5AttributeCheck.Check(this, m.Body);
                    break;
                case Hdf5DatasetCheck.DataspaceType or Hdf5DatasetCheck.DatatypeType or Hdf5DatasetCheck.OldFillType or Hdf5DatasetCheck.FillType
                    or Hdf5DatasetCheck.LayoutType or Hdf5DatasetCheck.PipelineType or SymbolTableType or ModifiedType or OldModifiedType:
                    m.Body.Require(single.TryAdd(m.Type, m), 0, $"a second message of type 0x{m.Type:X4} in one header.");
                    break;
                default:
                    throw m.Body.Error(0, $"object header message type 0x{m.Type:X4} is unknown or not allowed here.");
            }
        }
        if (single.TryGetValue(ModifiedType, out Hdf5Message? modified))
        {
            modified.Body.Require(modified.Body.Length >= 8 && modified.Body.U8(0) == 1, 0, "a modification time message that is not version 1.");
        }
        if (single.TryGetValue(OldModifiedType, out Hdf5Message? oldModified))
        {
            oldModified.Body.Require(oldModified.Body.Length >= 16, 0, "an old-style modification time shorter than 16 bytes.");
        }
        if (single.TryGetValue(SymbolTableType, out Hdf5Message? table))
        {
            Hdf5Block b = table.Body;
            b.Require(!single.ContainsKey(Hdf5DatasetCheck.LayoutType) && !single.ContainsKey(Hdf5DatasetCheck.DatatypeType), 0, "an object that is both a group and a dataset.");
            long tree = b.Address64(0), heap = b.Address64(8);
            if (link.CachedTree != Hdf5Block.Undefined || link.CachedHeap != Hdf5Block.Undefined)
            {
                b.Require(link.CachedTree == tree && link.CachedHeap == heap, 0,
                    $"the symbol table addresses differ from those cached in the entry at byte {link.EntryOffset}.");
            }
            return Hdf5GroupCheck.Links(this, tree, heap, path);
        }
        if (link.CachedTree != Hdf5Block.Undefined || link.CachedHeap != Hdf5Block.Undefined)
        {
            throw File.Error(link.EntryOffset + 16, "symbol table entry", path, "the entry caches group addresses but the object is not a group.");
        }
        if (single.ContainsKey(Hdf5DatasetCheck.LayoutType))
        {
            Hdf5DatasetCheck.Check(this, single, path);
            return [];
        }
        if (single.ContainsKey(Hdf5DatasetCheck.DatatypeType) && !single.ContainsKey(Hdf5DatasetCheck.DataspaceType))
        {
            throw File.Unsupported(link.Header, "object header", path, "named (committed) datatype");
        }
        throw File.Error(link.Header, "object header", path, "the object has neither a symbol table message (group) nor a data layout message (dataset).");
    }
}
