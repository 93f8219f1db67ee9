namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// A group's local heap (format spec §III.D): the names of its links. The free list is walked as libhdf5 walks it
/// on load (which has no cycle check, so a looping list would hang it).
/// </summary>
internal sealed class Hdf5LocalHeap
{
    private const int HeaderBytes = 32;

    /// <summary>libhdf5's end-of-free-list marker (H5HL_FREE_NULL), not the undefined address the spec suggests.</summary>
    private const long FreeListEnd = 1;
    private readonly Hdf5Block _data;

    private Hdf5LocalHeap(Hdf5Block data) => _data = data;

    public static Hdf5LocalHeap Read(Hdf5Bytes file, long address, string path)
    {
        Hdf5Block header = file.Read(address, HeaderBytes, "local heap", path);
        header.Signature("HEAP");
        header.Require(header.U8(4) == 0, 4, $"local heap version {header.U8(4)} is not 0.");
        long size = header.Address64(8), freeList = header.Address64(16), dataAddress = header.Address64(24);
        header.Require(size > 0, 8, "an empty local heap data segment.");
        Hdf5Block data = file.Read(dataAddress, size, "local heap data", path);
        var seen = new HashSet<long>();
        while (freeList != FreeListEnd)
        {
            data.Require(freeList >= 0 && freeList <= size - 16 && freeList % 8 == 0, 0, $"free-list entry offset {(ulong)freeList} lies outside the {size}-byte heap.");
            data.Require(seen.Add(freeList), (int)freeList, "the free list loops.");
            long next = data.Address64((int)freeList), blockSize = data.Address64((int)freeList + 8);
            data.Require(blockSize >= 16 && blockSize <= size - freeList, (int)freeList + 8, $"a free block of {(ulong)blockSize} bytes does not fit the heap.");
            freeList = next;
        }
        return new Hdf5LocalHeap(data);
    }

    /// <summary>The NUL-terminated name at <paramref name="offset"/> (libhdf5 compares names with strcmp, so the NUL must be there).</summary>
    public string Name(long offset, Hdf5Block referrer, int at)
    {
        referrer.Require(offset >= 0 && offset < _data.Length, at, $"name offset {(ulong)offset} lies outside the {_data.Length}-byte local heap at byte {_data.Address}.");
        int end = Array.IndexOf(_data.Data, (byte)0, (int)offset);
        referrer.Require(end >= 0, at, $"the name at local heap offset {offset} has no terminating NUL.");
        return Hdf5Names.Utf8(_data.Data.AsSpan((int)offset, end - (int)offset), referrer, at);
    }
}
