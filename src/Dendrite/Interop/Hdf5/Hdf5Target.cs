namespace Dendrite.Interop.Hdf5;

/// <summary>
/// Something data can be read from or written to: a dataset or an attribute. The two differ only in which
/// functions get their dataspace and type and move the bytes, so the read/write code is shared.
/// </summary>
internal readonly unsafe struct Hdf5Target
{
    public Hdf5Target(long id, bool isAttribute, string file, string path)
    {
        Id = id;
        IsAttribute = isAttribute;
        File = file;
        Path = path;
    }

    public long Id { get; }

    public bool IsAttribute { get; }

    public string File { get; }

    /// <summary>The object path, with <c>@name</c> appended for an attribute.</summary>
    public string Path { get; }

    public OwnedId Space()
    {
        Hdf5Api api = Hdf5Library.Api;
        long id = IsAttribute ? api.H5Aget_space(Id) : api.H5Dget_space(Id);
        return OwnedId.Space(Hdf5Library.CheckId(id, "get the dataspace of", File, Path));
    }

    public OwnedId FileType()
    {
        Hdf5Api api = Hdf5Library.Api;
        long id = IsAttribute ? api.H5Aget_type(Id) : api.H5Dget_type(Id);
        return OwnedId.Type(Hdf5Library.CheckId(id, "get the type of", File, Path));
    }

    /// <summary>Reads into <paramref name="buffer"/>; for datasets, optionally only the selection of <paramref name="fileSpace"/>.</summary>
    public void Read(long memoryType, void* buffer, long memorySpace = 0, long fileSpace = 0)
    {
        Hdf5Api api = Hdf5Library.Api;
        int status = IsAttribute
            ? api.H5Aread(Id, memoryType, buffer)
            : api.H5Dread(Id, memoryType, memorySpace, fileSpace, 0, buffer);
        Hdf5Library.Check(status, "read", File, Path);
    }

    public void Write(long memoryType, void* buffer)
    {
        Hdf5Api api = Hdf5Library.Api;
        int status = IsAttribute
            ? api.H5Awrite(Id, memoryType, buffer)
            : api.H5Dwrite(Id, memoryType, 0, 0, 0, buffer);
        Hdf5Library.Check(status, "write", File, Path);
    }

    /// <summary>The extent: an empty array for a scalar.</summary>
    public long[] Dimensions()
    {
        using OwnedId space = Space();
        return Dimensions(space.Id);
    }

    public long[] Dimensions(long space)
    {
        Hdf5Api api = Hdf5Library.Api;
        int rank = Hdf5Library.Check(api.H5Sget_simple_extent_ndims(space), "get the rank of", File, Path);
        var dims = new ulong[rank];
        fixed (ulong* p = dims)
        {
            Hdf5Library.Check(api.H5Sget_simple_extent_dims(space, p, null), "get the dimensions of", File, Path);
        }
        return Array.ConvertAll(dims, d => checked((long)d));
    }

    public Hdf5TypeClass TypeClass()
    {
        using OwnedId type = FileType();
        return (Hdf5TypeClass)Hdf5Library.Check(Hdf5Library.Api.H5Tget_class(type.Id), "get the type class of", File, Path);
    }

    /// <summary>The size in bytes of one stored element (4 for float32, 8 for float64 or int64).</summary>
    public int ElementSize()
    {
        using OwnedId type = FileType();
        nuint size = Hdf5Library.Api.H5Tget_size(type.Id);
        if (size == 0)
        {
            Hdf5Library.ThrowFailure("get the element size of", File, Path);
        }
        return checked((int)size);
    }

    /// <summary>The number of elements, checked to fit one .NET array.</summary>
    public int ElementCount(long[] dims)
    {
        long count = 1;
        foreach (long d in dims)
        {
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new Hdf5Exception(
                    $"HDF5: '{Path}' in '{File}' has shape [{string.Join(", ", dims)}], more elements than one array can hold.", File, Path);
            }
        }
        return (int)count;
    }

    public Hdf5Exception Error(string message) => new($"HDF5: '{Path}' in '{File}': {message}", File, Path);
}
