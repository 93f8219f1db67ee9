namespace Dendrite.Interop.Hdf5;

/// <summary>A temporary HDF5 id (type, dataspace, property list, attribute) closed at the end of a <c>using</c> scope.</summary>
internal readonly unsafe struct OwnedId : IDisposable
{
    private readonly delegate* unmanaged<long, int> _close;

    private OwnedId(long id, delegate* unmanaged<long, int> close)
    {
        Id = id;
        _close = close;
    }

    public long Id { get; }

    public static OwnedId Type(long id) => new(id, Hdf5Library.Api.H5Tclose);

    public static OwnedId Space(long id) => new(id, Hdf5Library.Api.H5Sclose);

    public static OwnedId PropertyList(long id) => new(id, Hdf5Library.Api.H5Pclose);

    public static OwnedId Attribute(long id) => new(id, Hdf5Library.Api.H5Aclose);

    public void Dispose()
    {
        if (Id >= 0 && _close != null)
        {
            _close(Id);
        }
    }
}
