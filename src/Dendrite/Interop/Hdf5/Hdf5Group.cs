namespace Dendrite.Interop.Hdf5;

/// <summary>An open group. Create or open one through <see cref="Hdf5Location.CreateGroup"/> / <see cref="Hdf5Location.OpenGroup"/>.</summary>
public sealed class Hdf5Group : Hdf5Location
{
    internal Hdf5Group(long id, string filePath, string objectPath)
        : base(id, filePath, objectPath)
    {
    }

    private protected override unsafe void Close(long id) => Hdf5Library.Api.H5Gclose(id);
}
