using Dendrite.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Interop.Hdf5;

/// <summary>A fact that is skipped, with the reason, where the HDF5 C library is not installed.</summary>
public sealed class Hdf5FactAttribute : FactAttribute
{
    public Hdf5FactAttribute()
    {
        if (!Hdf5Library.IsAvailable)
        {
            Skip = "The HDF5 C library is not installed (Debian package libhdf5-103-1).";
        }
    }
}
