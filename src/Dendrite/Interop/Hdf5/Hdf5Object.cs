namespace Dendrite.Interop.Hdf5;

/// <summary>
/// An open HDF5 file, group or dataset. Dispose it (<c>using</c>) to close the underlying id: HDF5 keeps a file
/// open while any object in it is open.
/// </summary>
/// <remarks>Instances are not thread-safe; the library itself serialises calls (one global lock in Debian's build).</remarks>
public abstract class Hdf5Object : IDisposable
{
    private long _id;

    private protected Hdf5Object(long id, string filePath, string objectPath)
    {
        _id = id;
        FilePath = filePath;
        ObjectPath = objectPath;
    }

    /// <summary>The file this object lives in.</summary>
    public string FilePath { get; }

    /// <summary>The absolute path inside the file, e.g. <c>/spikes/times</c>; <c>/</c> for the file itself.</summary>
    public string ObjectPath { get; }

    /// <summary>Attributes attached to this object.</summary>
    public Hdf5Attributes Attributes => new(this);

    internal long Id
    {
        get
        {
            ObjectDisposedException.ThrowIf(_id < 0, this);
            return _id;
        }
    }

    public void Dispose()
    {
        if (_id >= 0)
        {
            long id = _id;
            _id = -1;
            Close(id);
        }
        GC.SuppressFinalize(this);
    }

    public override string ToString() => $"{GetType().Name} '{ObjectPath}' in '{FilePath}'";

    private protected abstract void Close(long id);

    /// <summary>The absolute path of a child called <paramref name="name"/> (which may itself be a relative path).</summary>
    private protected string ChildPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.StartsWith('/'))
        {
            return name;
        }
        return ObjectPath.EndsWith('/') ? ObjectPath + name : ObjectPath + "/" + name;
    }
}
