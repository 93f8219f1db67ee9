namespace Dendrite.Interop.Hdf5.Validation;

/// <summary>
/// Global heap collections (format spec §III.E), where variable-length data lives. libhdf5 walks a collection's
/// objects without bounds checks and copies a referenced object whole into a buffer sized by the referring
/// element's length, so each collection is walked here first and each reference must name an object of exactly
/// length × base-size bytes.
/// </summary>
internal sealed class Hdf5GlobalHeaps(Hdf5Bytes file)
{
    private const int HeaderBytes = 16;
    private const int ObjectHeaderBytes = 16;
    private readonly Dictionary<long, Dictionary<int, long>> _collections = [];

    /// <summary>Checks the 16-byte vlen element at <paramref name="at"/> of <paramref name="b"/>.</summary>
    public void CheckReference(Hdf5Block b, int at, int baseSize)
    {
        uint length = b.U32(at);
        long collection = b.Address64(at + 4);
        uint index = b.U32(at + 12);
        if (collection == 0)
        {
            b.Require(length == 0, at, $"a variable-length element of {length} items with no global heap object.");
            return;
        }
        Dictionary<int, long> objects = Collection(collection, b, at + 4);
        b.Require(index is > 0 and <= ushort.MaxValue && objects.ContainsKey((int)index), at + 12, $"global heap object {index} does not exist in the collection at byte {collection}.");
        long size = objects[(int)index];
        b.Require(size == (long)length * baseSize, at, $"a variable-length element of {length} × {baseSize} bytes refers to a {size}-byte global heap object.");
    }

    /// <summary>Checks every vlen element in <paramref name="count"/> consecutive 16-byte slots.</summary>
    public void CheckAll(Hdf5Block b, int at, long count, int baseSize)
    {
        for (long i = 0; i < count; i++)
        {
            CheckReference(b, checked(at + (int)(i * Hdf5DatatypeCheck.VarLenDiskSize)), baseSize);
        }
    }

    private Dictionary<int, long> Collection(long address, Hdf5Block referrer, int at)
    {
        if (_collections.TryGetValue(address, out Dictionary<int, long>? known))
        {
            return known;
        }
        referrer.Require(address > 0 && address < file.Limit, at, $"global heap address {(ulong)address} lies outside the file.");
        Hdf5Block header = file.Read(address, HeaderBytes, "global heap collection", referrer.ObjectPath);
        header.Signature("GCOL");
        header.Require(header.U8(4) == 1, 4, $"global heap version {header.U8(4)} is not 1.");
        long size = header.Address64(8);
        header.Require(size >= 4096, 8, $"a global heap collection of {size} bytes (libhdf5 allocates at least 4096).");
        file.CheckRange(address, size, "global heap collection", referrer.ObjectPath);
        var objects = new Dictionary<int, long>();
        // Walk exactly as libhdf5's deserializer does: object 0 (free space) advances by its own size, header included.
        // Only the 16-byte object headers are read: the data is what the referring elements are checked against.
        long p = HeaderBytes;
        while (size - p >= ObjectHeaderBytes) // a smaller remainder is free space to libhdf5 too
        {
            Hdf5Block entry = file.Read(address + p, ObjectHeaderBytes, "global heap object", referrer.ObjectPath);
            int index = entry.U16(0);
            long objectSize = entry.Address64(8);
            entry.Require(objectSize >= 0 && objectSize <= size, 8, $"global heap object {index} claims {(ulong)objectSize} bytes.");
            long need = index > 0 ? ObjectHeaderBytes + ((objectSize + 7) & ~7L) : objectSize;
            entry.Require(need >= ObjectHeaderBytes && need <= size - p, 8, $"global heap object {index} of {objectSize} bytes does not fit the {size}-byte collection.");
            if (index > 0)
            {
                entry.Require(objects.TryAdd(index, objectSize), 0, $"global heap object index {index} appears twice.");
            }
            p += need;
        }
        _collections[address] = objects;
        return objects;
    }
}
