namespace Dendrite.Interop.Hdf5;

/// <summary>Numeric element types a dataset or attribute can be written with (stored little-endian).</summary>
/// <remarks>
/// On read, HDF5 converts any integer or float type in the file to the type you ask for, so you choose the
/// in-memory type (<c>Read&lt;float&gt;</c>, <c>Read&lt;long&gt;</c>, ...) independently of what the file holds.
/// </remarks>
public enum Hdf5ElementType
{
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,

    /// <summary>IEEE half precision, as h5py writes <c>numpy.float16</c> (SHD spike times); <see cref="Half"/> in .NET.</summary>
    Float16,
    Float32,
    Float64,
}

/// <summary>The class of a dataset's or attribute's type, as HDF5 reports it.</summary>
public enum Hdf5TypeClass
{
    Integer = 0,
    Float = 1,
    Time = 2,
    String = 3,
    Bitfield = 4,
    Opaque = 5,
    Compound = 6,
    Reference = 7,

    /// <summary>An enumeration; h5py stores <c>bool</c> arrays as an int8 enum.</summary>
    Enum = 8,

    /// <summary>Variable-length sequences (ragged arrays such as SHD's <c>spikes/times</c>).</summary>
    VariableLength = 9,
    Array = 10,
}

/// <summary>What a link inside a group points to.</summary>
public enum Hdf5ObjectKind
{
    Other,
    Group,
    Dataset,
    NamedDatatype,
}

/// <summary>One child of a group: its link name and what it is.</summary>
public readonly record struct Hdf5Child(string Name, Hdf5ObjectKind Kind);
