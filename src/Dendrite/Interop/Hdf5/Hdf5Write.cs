using System.Runtime.InteropServices;

namespace Dendrite.Interop.Hdf5;

/// <summary>Creating dataspaces and types, and writing numbers, strings and variable-length rows.</summary>
internal static unsafe class Hdf5Write
{
    private const int ScalarSpace = 0;

    /// <summary>A scalar dataspace for empty <paramref name="dims"/>, otherwise a simple one of that extent.</summary>
    public static OwnedId Space(ReadOnlySpan<long> dims, string file, string path)
    {
        Hdf5Api api = Hdf5Library.Api;
        if (dims.Length == 0)
        {
            return OwnedId.Space(Hdf5Library.CheckId(api.H5Screate(ScalarSpace), "create a scalar dataspace for", file, path));
        }
        var extent = new ulong[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dims[i], nameof(dims));
            extent[i] = (ulong)dims[i];
        }
        fixed (ulong* p = extent)
        {
            return OwnedId.Space(Hdf5Library.CheckId(api.H5Screate_simple(extent.Length, p, null), "create a dataspace for", file, path));
        }
    }

    /// <summary>The type h5py uses for <c>str</c>: variable-length, NUL-terminated, UTF-8.</summary>
    public static OwnedId StringType()
    {
        Hdf5Api api = Hdf5Library.Api;
        var type = OwnedId.Type(api.H5Tcopy(Hdf5Library.Globals.CString));
        api.H5Tset_size(type.Id, unchecked((nuint)(-1)));
        api.H5Tset_cset(type.Id, 1);
        return type;
    }

    /// <summary>
    /// Dataset-creation properties: none for contiguous storage, or chunks of at most about 1 MiB with gzip
    /// (deflate) at <paramref name="gzipLevel"/> 1..9, as nir ≥ 1.0.8 writes.
    /// </summary>
    public static OwnedId CreationProperties(ReadOnlySpan<long> dims, int elementSize, int gzipLevel, string file, string path)
    {
        if (gzipLevel == 0 || dims.Length == 0)
        {
            return OwnedId.PropertyList(0);
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gzipLevel, 9, nameof(gzipLevel));
        ArgumentOutOfRangeException.ThrowIfNegative(gzipLevel, nameof(gzipLevel));
        Hdf5Api api = Hdf5Library.Api;
        var plist = OwnedId.PropertyList(Hdf5Library.CheckId(api.H5Pcreate(Hdf5Library.Globals.DatasetCreateClass), "create properties for", file, path));
        var chunk = new ulong[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            chunk[i] = (ulong)Math.Max(1, dims[i]);
        }
        // Halve the longest axis until a chunk is at most 1 MiB: big enough to compress well, small enough to read one row cheaply.
        while (Product(chunk) * (ulong)elementSize > 1 << 20)
        {
            int longest = Array.IndexOf(chunk, chunk.Max());
            chunk[longest] = (chunk[longest] + 1) / 2;
        }
        fixed (ulong* p = chunk)
        {
            Hdf5Library.Check(api.H5Pset_chunk(plist.Id, chunk.Length, p), "set chunking for", file, path);
        }
        Hdf5Library.Check(api.H5Pset_deflate(plist.Id, (uint)gzipLevel), "set gzip compression for", file, path);
        return plist;
    }

    public static void Numeric<T>(Hdf5Target target, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (values.Length == 0)
        {
            return;
        }
        fixed (T* p = values)
        {
            target.Write(Hdf5Library.Globals.MemoryType<T>(), p);
        }
    }

    /// <summary>Writes variable-length UTF-8 strings into a target created with <see cref="StringType"/>.</summary>
    public static void Strings(Hdf5Target target, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }
        var pointers = new nint[values.Count];
        try
        {
            for (int i = 0; i < values.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(values[i], nameof(values));
                pointers[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            }
            using OwnedId type = StringType();
            fixed (nint* p = pointers)
            {
                target.Write(type.Id, p);
            }
        }
        finally
        {
            foreach (nint pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    /// <summary>Writes ragged rows into a 1-D variable-length dataset; HDF5 converts <typeparamref name="T"/> to the stored base type.</summary>
    public static void VarLen<T>(Hdf5Target target, IReadOnlyList<T[]> rows)
        where T : unmanaged
    {
        if (rows.Count == 0)
        {
            return;
        }
        var handles = new GCHandle[rows.Count];
        var buffer = new Hdf5Api.VarLen[rows.Count];
        try
        {
            for (int i = 0; i < rows.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(rows[i], nameof(rows));
                handles[i] = GCHandle.Alloc(rows[i], GCHandleType.Pinned);
                buffer[i] = new Hdf5Api.VarLen { Length = (nuint)rows[i].Length, Pointer = handles[i].AddrOfPinnedObject() };
            }
            using OwnedId memoryType = OwnedId.Type(Hdf5Library.CheckId(
                Hdf5Library.Api.H5Tvlen_create(Hdf5Library.Globals.MemoryType<T>()), "create a vlen type for", target.File, target.Path));
            fixed (Hdf5Api.VarLen* p = buffer)
            {
                target.Write(memoryType.Id, p);
            }
        }
        finally
        {
            foreach (GCHandle handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }
        }
    }

    private static ulong Product(ulong[] values)
    {
        ulong product = 1;
        foreach (ulong v in values)
        {
            product *= v;
        }
        return product;
    }
}
