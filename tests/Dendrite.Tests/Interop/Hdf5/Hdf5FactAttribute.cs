using Dendrite.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Interop.Hdf5;

/// <summary>A fact that is skipped, with the reason, where the HDF5 C library is not installed.</summary>
public sealed class Hdf5FactAttribute : FactAttribute
{
    /// <summary>Why HDF5 tests are skipped here, or null where the library is installed.</summary>
    public static string? SkipReason =>
        Hdf5Library.IsAvailable ? null : "The HDF5 C library is not installed (Debian package libhdf5-103-1).";

    public Hdf5FactAttribute() => Skip = SkipReason;
}
