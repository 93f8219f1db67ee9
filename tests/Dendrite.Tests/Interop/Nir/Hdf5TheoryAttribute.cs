using Dendrite.Tests.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

/// <summary>A theory that is skipped, with the reason, where the HDF5 C library is not installed.</summary>
public sealed class Hdf5TheoryAttribute : TheoryAttribute
{
    public Hdf5TheoryAttribute() => Skip = Hdf5FactAttribute.SkipReason;
}
