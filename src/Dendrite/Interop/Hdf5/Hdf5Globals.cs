namespace Dendrite.Interop.Hdf5;

/// <summary>
/// HDF5's predefined type and property-class ids (read from global variables after <c>H5open</c>), plus the
/// IEEE half-precision type that HDF5 1.10 does not predefine.
/// </summary>
internal sealed unsafe class Hdf5Globals
{
    private static readonly Dictionary<Type, Hdf5ElementType> s_elementTypes = new()
    {
        [typeof(sbyte)] = Hdf5ElementType.Int8,
        [typeof(byte)] = Hdf5ElementType.UInt8,
        [typeof(short)] = Hdf5ElementType.Int16,
        [typeof(ushort)] = Hdf5ElementType.UInt16,
        [typeof(int)] = Hdf5ElementType.Int32,
        [typeof(uint)] = Hdf5ElementType.UInt32,
        [typeof(long)] = Hdf5ElementType.Int64,
        [typeof(ulong)] = Hdf5ElementType.UInt64,
        [typeof(Half)] = Hdf5ElementType.Float16,
        [typeof(float)] = Hdf5ElementType.Float32,
        [typeof(double)] = Hdf5ElementType.Float64,
    };

    public Hdf5Globals(Hdf5Api api)
    {
        NativeInt8 = api.ReadGlobalId("H5T_NATIVE_INT8_g");
        NativeUInt8 = api.ReadGlobalId("H5T_NATIVE_UINT8_g");
        NativeInt16 = api.ReadGlobalId("H5T_NATIVE_INT16_g");
        NativeUInt16 = api.ReadGlobalId("H5T_NATIVE_UINT16_g");
        NativeInt32 = api.ReadGlobalId("H5T_NATIVE_INT32_g");
        NativeUInt32 = api.ReadGlobalId("H5T_NATIVE_UINT32_g");
        NativeInt64 = api.ReadGlobalId("H5T_NATIVE_INT64_g");
        NativeUInt64 = api.ReadGlobalId("H5T_NATIVE_UINT64_g");
        NativeFloat = api.ReadGlobalId("H5T_NATIVE_FLOAT_g");
        NativeDouble = api.ReadGlobalId("H5T_NATIVE_DOUBLE_g");
        StdI8 = api.ReadGlobalId("H5T_STD_I8LE_g");
        StdU8 = api.ReadGlobalId("H5T_STD_U8LE_g");
        StdI16 = api.ReadGlobalId("H5T_STD_I16LE_g");
        StdU16 = api.ReadGlobalId("H5T_STD_U16LE_g");
        StdI32 = api.ReadGlobalId("H5T_STD_I32LE_g");
        StdU32 = api.ReadGlobalId("H5T_STD_U32LE_g");
        StdI64 = api.ReadGlobalId("H5T_STD_I64LE_g");
        StdU64 = api.ReadGlobalId("H5T_STD_U64LE_g");
        IeeeF32 = api.ReadGlobalId("H5T_IEEE_F32LE_g");
        IeeeF64 = api.ReadGlobalId("H5T_IEEE_F64LE_g");
        CString = api.ReadGlobalId("H5T_C_S1_g");
        DatasetCreateClass = api.ReadGlobalId("H5P_CLS_DATASET_CREATE_ID_g");
        FileAccessClass = api.ReadGlobalId("H5P_CLS_FILE_ACCESS_ID_g");

        // The layout h5py uses for numpy.float16: sign bit 15, exponent bits 10..14 (bias 15), mantissa bits 0..9.
        // This id lives for the whole process.
        long half = api.H5Tcopy(IeeeF32);
        if (half < 0 || api.H5Tset_fields(half, 15, 10, 5, 0, 10) < 0 || api.H5Tset_size(half, 2) < 0 || api.H5Tset_ebias(half, 15) < 0)
        {
            throw Hdf5Library.Failure("create the float16 type", "(library)", null);
        }
        IeeeF16 = half;
    }

    public long NativeInt8 { get; }
    public long NativeUInt8 { get; }
    public long NativeInt16 { get; }
    public long NativeUInt16 { get; }
    public long NativeInt32 { get; }
    public long NativeUInt32 { get; }
    public long NativeInt64 { get; }
    public long NativeUInt64 { get; }
    public long NativeFloat { get; }
    public long NativeDouble { get; }
    public long StdI8 { get; }
    public long StdU8 { get; }
    public long StdI16 { get; }
    public long StdU16 { get; }
    public long StdI32 { get; }
    public long StdU32 { get; }
    public long StdI64 { get; }
    public long StdU64 { get; }
    public long IeeeF16 { get; }
    public long IeeeF32 { get; }
    public long IeeeF64 { get; }
    public long CString { get; }
    public long DatasetCreateClass { get; }
    public long FileAccessClass { get; }

    /// <summary>The in-memory type id for a .NET element type.</summary>
    public long MemoryType<T>()
        where T : unmanaged => ElementTypeOf<T>() switch
        {
            Hdf5ElementType.Int8 => NativeInt8,
            Hdf5ElementType.UInt8 => NativeUInt8,
            Hdf5ElementType.Int16 => NativeInt16,
            Hdf5ElementType.UInt16 => NativeUInt16,
            Hdf5ElementType.Int32 => NativeInt32,
            Hdf5ElementType.UInt32 => NativeUInt32,
            Hdf5ElementType.Int64 => NativeInt64,
            Hdf5ElementType.UInt64 => NativeUInt64,
            Hdf5ElementType.Float16 => IeeeF16,
            Hdf5ElementType.Float32 => NativeFloat,
            _ => NativeDouble,
        };

    /// <summary>The little-endian file type id for an element type.</summary>
    public long FileType(Hdf5ElementType type) => type switch
    {
        Hdf5ElementType.Int8 => StdI8,
        Hdf5ElementType.UInt8 => StdU8,
        Hdf5ElementType.Int16 => StdI16,
        Hdf5ElementType.UInt16 => StdU16,
        Hdf5ElementType.Int32 => StdI32,
        Hdf5ElementType.UInt32 => StdU32,
        Hdf5ElementType.Int64 => StdI64,
        Hdf5ElementType.UInt64 => StdU64,
        Hdf5ElementType.Float16 => IeeeF16,
        Hdf5ElementType.Float32 => IeeeF32,
        Hdf5ElementType.Float64 => IeeeF64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown HDF5 element type."),
    };

    /// <summary>The element type matching a .NET type.</summary>
    /// <exception cref="NotSupportedException">The type has no HDF5 counterpart here.</exception>
    public static Hdf5ElementType ElementTypeOf<T>()
        where T : unmanaged
    {
        if (!s_elementTypes.TryGetValue(typeof(T), out Hdf5ElementType type))
        {
            throw new NotSupportedException(
                $"HDF5 elements of type {typeof(T).Name} are not supported; use sbyte, byte, short, ushort, int, uint, long, ulong, Half, float or double.");
        }
        return type;
    }
}
