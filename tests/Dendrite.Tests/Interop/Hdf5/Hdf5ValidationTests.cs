using System.Buffers.Binary;
using System.Text;
using Dendrite.Interop.Hdf5;
using Dendrite.Tests.Data;
using Xunit;

namespace Dendrite.Tests.Interop.Hdf5;

/// <summary>
/// Hand-made corruptions of the structures on which libhdf5 1.10 crashes or hangs, each rejected before libhdf5
/// sees the file, at the byte offset the HDF5 file format specification puts the bad field.
/// </summary>
public sealed class Hdf5ValidationTests : IDisposable
{
    private const string Name = "small.h5";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>/spikes/times: one vlen row of three float32s (a 12-byte global heap object).</summary>
    private static byte[] SmallFile()
    {
        using var file = Hdf5File.CreateInMemory(Name);
        using Hdf5Group spikes = file.CreateGroup("spikes");
        spikes.WriteVarLen("times", new[] { new[] { 1f, 2f, 3f } });
        return file.GetImage();
    }

    private static int Find(byte[] image, byte[] pattern)
    {
        int at = image.AsSpan().IndexOf(pattern);
        Assert.True(at > 0, "pattern not found");
        return at;
    }

    private static int Find(byte[] image, string signature) => Find(image, Encoding.ASCII.GetBytes(signature));

    private static Hdf5Exception Rejected(byte[] image, long offset, string problem)
    {
        var e = Assert.Throws<Hdf5Exception>(() => Hdf5File.OpenImage(image, Name).Dispose());
        Assert.Equal(offset, e.Offset);
        Assert.Equal(Name, e.FilePath);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"HDF5 file '{Name}'", e.Message);
        return e;
    }

    [Hdf5Fact]
    public void ATruncatedFileNamesTheEndOfFileAddress()
    {
        // Superblock v0: signature 8, eight 1-byte fields, two K values, flags 4, base address 8, free space 8, then end of file.
        Rejected(SmallFile()[..^1], 40, "truncated");
    }

    [Hdf5Fact]
    public void SuperblockVersion2IsReportedAsUnsupported()
    {
        byte[] image = SmallFile();
        image[8] = 2;
        Rejected(image, 8, "unsupported HDF5 feature");
    }

    [Hdf5Fact]
    public void AGlobalHeapObjectLargerThanItsCollectionIsCaught()
    {
        byte[] image = SmallFile();
        int heap = Find(image, "GCOL");
        // Collection header 16 bytes; object 1: index 2, reference count 2, reserved 4, then its size.
        Assert.Equal(12UL, BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(heap + 24)));
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(heap + 24), 1UL << 30);
        Rejected(image, heap + 24, "global heap object 1 claims 1073741824 bytes");
    }

    [Hdf5Fact]
    public void AVarLenLengthLongerThanItsHeapObjectIsCaught()
    {
        byte[] image = SmallFile();
        int heap = Find(image, "GCOL");
        // The dataset's one element: length 3, collection address, object index 1.
        int element = Find(image, [.. BitConverter.GetBytes(3u), .. BitConverter.GetBytes((long)heap), .. BitConverter.GetBytes(1u)]);
        image[element] = 4;
        Rejected(image, element, "4 × 4 bytes refers to a 12-byte global heap object");
    }

    [Hdf5Fact]
    public void ABTreeNodeThatPointsAtItselfIsACycleNotARecursion()
    {
        byte[] image = SmallFile();
        int tree = Find(image, "TREE");
        image[tree + 5] = 1; // level 1: its children are B-tree nodes
        BinaryPrimitives.WriteInt64LittleEndian(image.AsSpan(tree + 32), tree); // child 0 (after signature, type, level, count, siblings, key 0)
        Rejected(image, tree, "reached twice");
    }

    [Hdf5Fact]
    public void ASymbolNodeHoldingMoreThanItsCapacityIsCaught()
    {
        byte[] image = SmallFile();
        int node = Find(image, "SNOD");
        image[node + 6] = 9; // a leaf holds 2 × K = 8 entries with libhdf5's default K = 4
        Rejected(image, node + 6, "9 symbols in a node that holds 8");
    }

    [Hdf5Fact]
    public void ALocalHeapFreeListThatLoopsIsCaught()
    {
        byte[] image = SmallFile();
        int heap = Find(image, "HEAP");
        long size = BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(heap + 8));
        long data = BinaryPrimitives.ReadInt64LittleEndian(image.AsSpan(heap + 24));
        long block = (size - 16) & ~7L;
        BinaryPrimitives.WriteInt64LittleEndian(image.AsSpan(heap + 16), block);
        BinaryPrimitives.WriteInt64LittleEndian(image.AsSpan((int)(data + block)), block); // next free block: itself
        BinaryPrimitives.WriteInt64LittleEndian(image.AsSpan((int)(data + block + 8)), 16);
        Rejected(image, data + block, "the free list loops");
    }

    [Hdf5Fact]
    public void OnlySmallDatasetsMayRelyOnFillValues()
    {
        // Unwritten storage reads as fill values: a few bytes of header could make a reader allocate gigabytes.
        using var file = Hdf5File.CreateInMemory(Name);
        file.CreateDataset("small", Hdf5ElementType.Float32, [1000]).Dispose();
        using (Hdf5File small = Hdf5File.OpenImage(file.GetImage(), Name))
        {
            Assert.Equal(new float[1000], small.Read<float>("small"));
        }
        file.CreateDataset("huge", Hdf5ElementType.Float32, [1L << 25]).Dispose(); // 128 MiB, never written
        var e = Assert.Throws<Hdf5Exception>(() => Hdf5File.OpenImage(file.GetImage(), Name).Dispose());
        Assert.Contains("unsupported HDF5 feature", e.Message);
        Assert.Contains("a 134217728-byte dataset whose storage is not all written", e.Message);
        Assert.NotNull(e.Offset);
    }

    [Hdf5Fact]
    public void FilesOnDiskAreCheckedBeforeOpening()
    {
        byte[] image = SmallFile();
        int node = Find(image, "SNOD");
        image[node + 4] = 7;
        string path = _dir.File("bad.h5");
        File.WriteAllBytes(path, image);
        foreach (Func<string, Hdf5File> open in new Func<string, Hdf5File>[] { Hdf5File.OpenRead, Hdf5File.OpenReadWrite })
        {
            var e = Assert.Throws<Hdf5Exception>(() => open(path).Dispose());
            Assert.Equal(node + 4, e.Offset);
            Assert.Equal(Path.GetFullPath(path), e.FilePath);
            Assert.Contains("symbol table node version 7", e.Message);
        }
    }
}
