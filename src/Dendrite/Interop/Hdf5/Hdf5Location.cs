namespace Dendrite.Interop.Hdf5;

/// <summary>
/// A file or group: something that holds named groups and datasets. Names may be relative paths
/// (<c>spikes/times</c>) or absolute (<c>/spikes/times</c>).
/// </summary>
public abstract unsafe class Hdf5Location : Hdf5Object
{
    private const int IndexByName = 0;
    private const int IncreasingOrder = 0;

    private protected Hdf5Location(long id, string filePath, string objectPath)
        : base(id, filePath, objectPath)
    {
    }

    /// <summary>True when every component of <paramref name="path"/> exists (a missing parent is not an error).</summary>
    public bool Contains(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Hdf5Api api = Hdf5Library.Api;
        string prefix = path.StartsWith('/') ? "/" : "";
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += (prefix.Length == 0 || prefix.EndsWith('/') ? "" : "/") + part;
            fixed (byte* name = Hdf5Library.Utf8(prefix))
            {
                int exists = Hdf5Library.Check(api.H5Lexists(Id, name, 0), "look up", FilePath, ChildPath(prefix));
                if (exists == 0)
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>The links directly inside this file or group, in name order, with what each points to.</summary>
    public IReadOnlyList<Hdf5Child> Children()
    {
        Hdf5Api api = Hdf5Library.Api;
        Hdf5Api.GroupInfo info;
        Hdf5Library.Check(api.H5Gget_info(Id, &info), "list", FilePath, ObjectPath);
        var children = new List<Hdf5Child>((int)Math.Min(info.LinkCount, 1 << 16));
        byte[] dot = Hdf5Library.Utf8(".");
        fixed (byte* group = dot)
        {
            for (ulong i = 0; i < info.LinkCount; i++)
            {
                nint length = api.H5Lget_name_by_idx(Id, group, IndexByName, IncreasingOrder, i, null, 0, 0);
                if (length < 0)
                {
                    Hdf5Library.ThrowFailure("read a link name in", FilePath, ObjectPath);
                }
                var buffer = new byte[length + 1];
                fixed (byte* p = buffer)
                {
                    if (api.H5Lget_name_by_idx(Id, group, IndexByName, IncreasingOrder, i, p, (nuint)buffer.Length, 0) < 0)
                    {
                        Hdf5Library.ThrowFailure("read a link name in", FilePath, ObjectPath);
                    }
                }
                string name = System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
                children.Add(new Hdf5Child(name, KindOf(name)));
            }
        }
        return children;
    }

    /// <summary>Creates a group (one level; the parent must exist).</summary>
    public Hdf5Group CreateGroup(string name)
    {
        string path = ChildPath(name);
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            long id = Hdf5Library.CheckId(Hdf5Library.Api.H5Gcreate2(Id, p, 0, 0, 0), "create group", FilePath, path);
            return new Hdf5Group(id, FilePath, path);
        }
    }

    public Hdf5Group OpenGroup(string name)
    {
        string path = ChildPath(name);
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            long id = Hdf5Library.CheckId(Hdf5Library.Api.H5Gopen2(Id, p, 0), "open group", FilePath, path);
            return new Hdf5Group(id, FilePath, path);
        }
    }

    public Hdf5Dataset OpenDataset(string name)
    {
        string path = ChildPath(name);
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            long id = Hdf5Library.CheckId(Hdf5Library.Api.H5Dopen2(Id, p, 0), "open dataset", FilePath, path);
            return new Hdf5Dataset(id, FilePath, path);
        }
    }

    /// <summary>Creates a numeric dataset of the given shape (empty <paramref name="dims"/> = scalar).</summary>
    /// <param name="gzipLevel">0 for contiguous storage; 1..9 for chunked storage compressed with gzip.</param>
    public Hdf5Dataset CreateDataset(string name, Hdf5ElementType type, ReadOnlySpan<long> dims, int gzipLevel = 0)
    {
        long fileType = Hdf5Library.Globals.FileType(type);
        int size = (int)Hdf5Library.Api.H5Tget_size(fileType);
        return Create(name, fileType, dims, size, gzipLevel);
    }

    /// <summary>Creates a dataset of variable-length UTF-8 strings (empty <paramref name="dims"/> = one scalar string).</summary>
    public Hdf5Dataset CreateStringDataset(string name, ReadOnlySpan<long> dims)
    {
        using OwnedId type = Hdf5Write.StringType();
        return Create(name, type.Id, dims, IntPtr.Size, 0);
    }

    /// <summary>Creates a 1-D dataset of <paramref name="rows"/> variable-length rows whose elements are stored as <paramref name="type"/>.</summary>
    public Hdf5Dataset CreateVarLenDataset(string name, Hdf5ElementType type, long rows)
    {
        string path = ChildPath(name);
        using OwnedId vlen = OwnedId.Type(Hdf5Library.CheckId(
            Hdf5Library.Api.H5Tvlen_create(Hdf5Library.Globals.FileType(type)), "create a vlen type for", FilePath, path));
        return Create(name, vlen.Id, [rows], 16, 0);
    }

    /// <summary>Writes a numeric dataset in one call; the file type follows <typeparamref name="T"/> unless <paramref name="fileType"/> is given.</summary>
    public void Write<T>(string name, ReadOnlySpan<T> values, ReadOnlySpan<long> dims, Hdf5ElementType? fileType = null, int gzipLevel = 0)
        where T : unmanaged
    {
        long count = 1;
        foreach (long d in dims)
        {
            count *= d;
        }
        if (count != values.Length)
        {
            ThrowHelper.ThrowArgument($"{values.Length} values do not fill shape [{string.Join(", ", dims.ToArray())}].", nameof(values));
        }
        using Hdf5Dataset dataset = CreateDataset(name, fileType ?? Hdf5Globals.ElementTypeOf<T>(), dims, gzipLevel);
        dataset.Write(values);
    }

    /// <summary>Writes a 1-D numeric dataset.</summary>
    public void Write<T>(string name, ReadOnlySpan<T> values, Hdf5ElementType? fileType = null, int gzipLevel = 0)
        where T : unmanaged => Write(name, values, [values.Length], fileType, gzipLevel);

    /// <summary>Writes a scalar numeric dataset (Python ints and floats land in NIR files this way).</summary>
    public void WriteScalar<T>(string name, T value, Hdf5ElementType? fileType = null)
        where T : unmanaged => Write(name, [value], ReadOnlySpan<long>.Empty, fileType);

    /// <summary>Writes a scalar variable-length UTF-8 string dataset.</summary>
    public void WriteString(string name, string value)
    {
        using Hdf5Dataset dataset = CreateStringDataset(name, ReadOnlySpan<long>.Empty);
        dataset.WriteStrings([value]);
    }

    /// <summary>Writes a 1-D dataset of variable-length UTF-8 strings.</summary>
    public void WriteStrings(string name, IReadOnlyList<string> values)
    {
        using Hdf5Dataset dataset = CreateStringDataset(name, [values.Count]);
        dataset.WriteStrings(values);
    }

    /// <summary>Writes ragged rows as a 1-D variable-length dataset stored as <paramref name="fileType"/> (default: as <typeparamref name="T"/>).</summary>
    public void WriteVarLen<T>(string name, IReadOnlyList<T[]> rows, Hdf5ElementType? fileType = null)
        where T : unmanaged
    {
        using Hdf5Dataset dataset = CreateVarLenDataset(name, fileType ?? Hdf5Globals.ElementTypeOf<T>(), rows.Count);
        dataset.WriteVarLen(rows);
    }

    /// <summary>Reads a whole numeric dataset, converted to <typeparamref name="T"/>.</summary>
    public T[] Read<T>(string name)
        where T : unmanaged
    {
        using Hdf5Dataset dataset = OpenDataset(name);
        return dataset.Read<T>();
    }

    /// <summary>Reads a scalar or one-element string dataset.</summary>
    public string ReadString(string name)
    {
        using Hdf5Dataset dataset = OpenDataset(name);
        return dataset.ReadString();
    }

    public string[] ReadStrings(string name)
    {
        using Hdf5Dataset dataset = OpenDataset(name);
        return dataset.ReadStrings();
    }

    private Hdf5Dataset Create(string name, long fileType, ReadOnlySpan<long> dims, int elementSize, int gzipLevel)
    {
        string path = ChildPath(name);
        using OwnedId space = Hdf5Write.Space(dims, FilePath, path);
        using OwnedId properties = Hdf5Write.CreationProperties(dims, elementSize, gzipLevel, FilePath, path);
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            long id = Hdf5Library.CheckId(Hdf5Library.Api.H5Dcreate2(Id, p, fileType, space.Id, 0, properties.Id, 0), "create dataset", FilePath, path);
            return new Hdf5Dataset(id, FilePath, path);
        }
    }

    private Hdf5ObjectKind KindOf(string name)
    {
        Hdf5Api api = Hdf5Library.Api;
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            long id = api.H5Oopen(Id, p, 0);
            if (id < 0)
            {
                Hdf5Library.TakeErrorStack(); // a dangling soft or external link: report it as Other
                return Hdf5ObjectKind.Other;
            }
            int kind = api.H5Iget_type(id);
            api.H5Oclose(id);
            return kind switch
            {
                2 => Hdf5ObjectKind.Group,
                3 => Hdf5ObjectKind.NamedDatatype,
                5 => Hdf5ObjectKind.Dataset,
                _ => Hdf5ObjectKind.Other,
            };
        }
    }
}
