using System.Runtime.InteropServices;

namespace Dendrite.Interop.Hdf5;

/// <summary>The attributes of a file, group or dataset: small named values (numbers or strings) attached to it.</summary>
/// <remarks>Writing an attribute that exists replaces it.</remarks>
public readonly unsafe struct Hdf5Attributes
{
    private readonly Hdf5Object _owner;

    internal Hdf5Attributes(Hdf5Object owner)
    {
        _owner = owner;
    }

    public bool Contains(string name)
    {
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            return Hdf5Library.Check(Hdf5Library.Api.H5Aexists(_owner.Id, p), "look up attribute", _owner.FilePath, PathOf(name)) > 0;
        }
    }

    /// <summary>The attribute names, in name order.</summary>
    public IReadOnlyList<string> Names()
    {
        var names = new List<string>();
        GCHandle handle = GCHandle.Alloc(names);
        try
        {
            ulong index = 0;
            Hdf5Library.Check(
                Hdf5Library.Api.H5Aiterate2(_owner.Id, 0, 0, &index, &CollectName, GCHandle.ToIntPtr(handle)),
                "list the attributes of", _owner.FilePath, _owner.ObjectPath);
        }
        finally
        {
            handle.Free();
        }
        return names;
    }

    /// <summary>All elements of a numeric attribute, converted to <typeparamref name="T"/>.</summary>
    public T[] Read<T>(string name)
        where T : unmanaged
    {
        using OwnedId attribute = Open(name);
        return Hdf5Read.Numeric<T>(Target(attribute, name));
    }

    /// <summary>The value of a scalar (or one-element) numeric attribute.</summary>
    public T ReadScalar<T>(string name)
        where T : unmanaged
    {
        T[] values = Read<T>(name);
        if (values.Length != 1)
        {
            throw new Hdf5Exception($"HDF5: attribute '{PathOf(name)}' in '{_owner.FilePath}' holds {values.Length} values, not one.", _owner.FilePath, PathOf(name));
        }
        return values[0];
    }

    public string[] ReadStrings(string name)
    {
        using OwnedId attribute = Open(name);
        return Hdf5Read.Strings(Target(attribute, name));
    }

    /// <summary>The single string of a scalar string attribute.</summary>
    public string ReadString(string name)
    {
        string[] values = ReadStrings(name);
        if (values.Length != 1)
        {
            throw new Hdf5Exception($"HDF5: attribute '{PathOf(name)}' in '{_owner.FilePath}' holds {values.Length} strings, not one.", _owner.FilePath, PathOf(name));
        }
        return values[0];
    }

    /// <summary>Writes a scalar variable-length UTF-8 string attribute.</summary>
    public void Write(string name, string value)
    {
        using OwnedId type = Hdf5Write.StringType();
        using OwnedId attribute = Create(name, type.Id, ReadOnlySpan<long>.Empty);
        Hdf5Write.Strings(Target(attribute, name), [value]);
    }

    /// <summary>Writes a 1-D numeric attribute stored as <typeparamref name="T"/>.</summary>
    public void Write<T>(string name, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        using OwnedId attribute = Create(name, Hdf5Library.Globals.FileType(Hdf5Globals.ElementTypeOf<T>()), [values.Length]);
        Hdf5Write.Numeric(Target(attribute, name), values);
    }

    /// <summary>Writes a scalar numeric attribute stored as <typeparamref name="T"/>.</summary>
    public void WriteScalar<T>(string name, T value)
        where T : unmanaged
    {
        using OwnedId attribute = Create(name, Hdf5Library.Globals.FileType(Hdf5Globals.ElementTypeOf<T>()), ReadOnlySpan<long>.Empty);
        Hdf5Write.Numeric<T>(Target(attribute, name), [value]);
    }

    private OwnedId Open(string name)
    {
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            return OwnedId.Attribute(Hdf5Library.CheckId(Hdf5Library.Api.H5Aopen(_owner.Id, p, 0), "open attribute", _owner.FilePath, PathOf(name)));
        }
    }

    private OwnedId Create(string name, long fileType, ReadOnlySpan<long> dims)
    {
        if (Contains(name))
        {
            fixed (byte* p = Hdf5Library.Utf8(name))
            {
                Hdf5Library.Check(Hdf5Library.Api.H5Adelete(_owner.Id, p), "replace attribute", _owner.FilePath, PathOf(name));
            }
        }
        using OwnedId space = Hdf5Write.Space(dims, _owner.FilePath, PathOf(name));
        fixed (byte* p = Hdf5Library.Utf8(name))
        {
            long id = Hdf5Library.Api.H5Acreate2(_owner.Id, p, fileType, space.Id, 0, 0);
            return OwnedId.Attribute(Hdf5Library.CheckId(id, "create attribute", _owner.FilePath, PathOf(name)));
        }
    }

    private Hdf5Target Target(OwnedId attribute, string name) => new(attribute.Id, isAttribute: true, _owner.FilePath, PathOf(name));

    private string PathOf(string name) => _owner.ObjectPath + "@" + name;

    [UnmanagedCallersOnly]
    private static int CollectName(long location, byte* name, void* info, nint client)
    {
        if (GCHandle.FromIntPtr(client).Target is List<string> names)
        {
            names.Add(Marshal.PtrToStringUTF8((nint)name) ?? "");
        }
        return 0;
    }
}
