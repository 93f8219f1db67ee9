using System.Runtime.InteropServices;

namespace Dendrite.Interop.Hdf5;

/// <summary>
/// The HDF5 C functions Dendrite calls, resolved once from the system library as function pointers.
/// </summary>
/// <remarks>
/// Function pointers from <see cref="NativeLibrary.GetExport"/> rather than <c>[DllImport]</c>: the library's file
/// name differs between distributions (Debian ships <c>libhdf5_serial.so.103</c> and no <c>libhdf5.so</c>), and an
/// assembly-wide <c>DllImportResolver</c> can be set only once, which would collide with any other native binding.
/// Only the numbered, layout-stable entry points of HDF5 1.10–1.14 are used (formats.md §2.5): <c>hid_t</c> is int64,
/// <c>herr_t</c>/<c>htri_t</c> are int (negative = error), <c>hsize_t</c> is ulong.
/// </remarks>
internal sealed unsafe class Hdf5Api
{
    /// <summary>Library names tried in order: Debian 1.10, other 1.10 builds, 1.14 builds, dev symlinks, Windows, macOS.</summary>
    internal static readonly string[] DefaultCandidates =
    [
        "libhdf5_serial.so.103", "libhdf5.so.103", "libhdf5.so.310", "libhdf5_serial.so", "libhdf5.so", "hdf5.dll", "libhdf5.dylib",
    ];

    /// <summary>Environment variable that names the library file to load before the defaults are tried.</summary>
    internal const string LibraryVariable = "DENDRITE_HDF5_LIBRARY";

    private readonly nint _handle;

    // Library and errors.
    public readonly delegate* unmanaged<int> H5open;
    public readonly delegate* unmanaged<uint*, uint*, uint*, int> H5get_libversion;
    public readonly delegate* unmanaged<long, nint, nint, int> H5Eset_auto2;
    public readonly delegate* unmanaged<long, int, delegate* unmanaged<uint, ErrorRecord*, nint, int>, nint, int> H5Ewalk2;
    public readonly delegate* unmanaged<long, int> H5Eclear2;

    // Files.
    public readonly delegate* unmanaged<byte*, uint, long, long> H5Fopen;
    public readonly delegate* unmanaged<byte*, uint, long, long, long> H5Fcreate;
    public readonly delegate* unmanaged<long, int, int> H5Fflush;
    public readonly delegate* unmanaged<long, int> H5Fclose;
    public readonly delegate* unmanaged<long, void*, nuint, nint> H5Fget_file_image;

    // Groups, links, objects.
    public readonly delegate* unmanaged<long, byte*, long, long> H5Gopen2;
    public readonly delegate* unmanaged<long, byte*, long, long, long, long> H5Gcreate2;
    public readonly delegate* unmanaged<long, GroupInfo*, int> H5Gget_info;
    public readonly delegate* unmanaged<long, int> H5Gclose;
    public readonly delegate* unmanaged<long, byte*, long, int> H5Lexists;
    public readonly delegate* unmanaged<long, byte*, int, int, ulong, byte*, nuint, long, nint> H5Lget_name_by_idx;
    public readonly delegate* unmanaged<long, byte*, long, long> H5Oopen;
    public readonly delegate* unmanaged<long, int> H5Oclose;
    public readonly delegate* unmanaged<long, int> H5Iget_type;

    // Datasets.
    public readonly delegate* unmanaged<long, byte*, long, long> H5Dopen2;
    public readonly delegate* unmanaged<long, byte*, long, long, long, long, long, long> H5Dcreate2;
    public readonly delegate* unmanaged<long, long, long, long, long, void*, int> H5Dread;
    public readonly delegate* unmanaged<long, long, long, long, long, void*, int> H5Dwrite;
    public readonly delegate* unmanaged<long, long> H5Dget_space;
    public readonly delegate* unmanaged<long, long> H5Dget_type;
    public readonly delegate* unmanaged<long, long, long, void*, int> H5Dvlen_reclaim;
    public readonly delegate* unmanaged<long, int> H5Dclose;

    // Dataspaces.
    public readonly delegate* unmanaged<int, long> H5Screate;
    public readonly delegate* unmanaged<int, ulong*, ulong*, long> H5Screate_simple;
    public readonly delegate* unmanaged<long, int> H5Sget_simple_extent_ndims;
    public readonly delegate* unmanaged<long, ulong*, ulong*, int> H5Sget_simple_extent_dims;
    public readonly delegate* unmanaged<long, int> H5Sget_simple_extent_type;
    public readonly delegate* unmanaged<long, int, ulong*, ulong*, ulong*, ulong*, int> H5Sselect_hyperslab;
    public readonly delegate* unmanaged<long, int> H5Sclose;

    // Datatypes.
    public readonly delegate* unmanaged<long, long> H5Tcopy;
    public readonly delegate* unmanaged<long, nuint, int> H5Tset_size;
    public readonly delegate* unmanaged<long, nuint> H5Tget_size;
    public readonly delegate* unmanaged<long, int, int> H5Tset_cset;
    public readonly delegate* unmanaged<long, int> H5Tget_cset;
    public readonly delegate* unmanaged<long, int> H5Tget_class;
    public readonly delegate* unmanaged<long, int> H5Tget_sign;
    public readonly delegate* unmanaged<long, int> H5Tis_variable_str;
    public readonly delegate* unmanaged<long, long> H5Tvlen_create;
    public readonly delegate* unmanaged<long, long> H5Tget_super;
    public readonly delegate* unmanaged<long, int, long> H5Tget_native_type;
    public readonly delegate* unmanaged<long, nuint, nuint, nuint, nuint, nuint, int> H5Tset_fields;
    public readonly delegate* unmanaged<long, nuint, int> H5Tset_ebias;
    public readonly delegate* unmanaged<long, int> H5Tclose;

    // Property lists.
    public readonly delegate* unmanaged<long, long> H5Pcreate;
    public readonly delegate* unmanaged<long, int, ulong*, int> H5Pset_chunk;
    public readonly delegate* unmanaged<long, uint, int> H5Pset_deflate;
    public readonly delegate* unmanaged<long, byte, byte, int> H5Pset_file_locking; // 1.10.7+; null when absent
    public readonly delegate* unmanaged<long, nuint, byte, int> H5Pset_fapl_core;
    public readonly delegate* unmanaged<long, void*, nuint, int> H5Pset_file_image;
    public readonly delegate* unmanaged<long, int> H5Pclose;

    // Attributes.
    public readonly delegate* unmanaged<long, byte*, long, long> H5Aopen;
    public readonly delegate* unmanaged<long, byte*, long, long, long, long, long> H5Acreate2;
    public readonly delegate* unmanaged<long, long, void*, int> H5Aread;
    public readonly delegate* unmanaged<long, long, void*, int> H5Awrite;
    public readonly delegate* unmanaged<long, byte*, int> H5Aexists;
    public readonly delegate* unmanaged<long, byte*, int> H5Adelete;
    public readonly delegate* unmanaged<long, long> H5Aget_space;
    public readonly delegate* unmanaged<long, long> H5Aget_type;
    public readonly delegate* unmanaged<long, int, int, ulong*, delegate* unmanaged<long, byte*, void*, nint, int>, nint, int> H5Aiterate2;
    public readonly delegate* unmanaged<long, int> H5Aclose;

    private Hdf5Api(nint handle, string path)
    {
        _handle = handle;
        LibraryPath = path;
        H5open = (delegate* unmanaged<int>)Export("H5open");
        H5get_libversion = (delegate* unmanaged<uint*, uint*, uint*, int>)Export("H5get_libversion");
        H5Eset_auto2 = (delegate* unmanaged<long, nint, nint, int>)Export("H5Eset_auto2");
        H5Ewalk2 = (delegate* unmanaged<long, int, delegate* unmanaged<uint, ErrorRecord*, nint, int>, nint, int>)Export("H5Ewalk2");
        H5Eclear2 = (delegate* unmanaged<long, int>)Export("H5Eclear2");
        H5Fopen = (delegate* unmanaged<byte*, uint, long, long>)Export("H5Fopen");
        H5Fcreate = (delegate* unmanaged<byte*, uint, long, long, long>)Export("H5Fcreate");
        H5Fflush = (delegate* unmanaged<long, int, int>)Export("H5Fflush");
        H5Fclose = (delegate* unmanaged<long, int>)Export("H5Fclose");
        H5Fget_file_image = (delegate* unmanaged<long, void*, nuint, nint>)Export("H5Fget_file_image");
        H5Gopen2 = (delegate* unmanaged<long, byte*, long, long>)Export("H5Gopen2");
        H5Gcreate2 = (delegate* unmanaged<long, byte*, long, long, long, long>)Export("H5Gcreate2");
        H5Gget_info = (delegate* unmanaged<long, GroupInfo*, int>)Export("H5Gget_info");
        H5Gclose = (delegate* unmanaged<long, int>)Export("H5Gclose");
        H5Lexists = (delegate* unmanaged<long, byte*, long, int>)Export("H5Lexists");
        H5Lget_name_by_idx = (delegate* unmanaged<long, byte*, int, int, ulong, byte*, nuint, long, nint>)Export("H5Lget_name_by_idx");
        H5Oopen = (delegate* unmanaged<long, byte*, long, long>)Export("H5Oopen");
        H5Oclose = (delegate* unmanaged<long, int>)Export("H5Oclose");
        H5Iget_type = (delegate* unmanaged<long, int>)Export("H5Iget_type");
        H5Dopen2 = (delegate* unmanaged<long, byte*, long, long>)Export("H5Dopen2");
        H5Dcreate2 = (delegate* unmanaged<long, byte*, long, long, long, long, long, long>)Export("H5Dcreate2");
        H5Dread = (delegate* unmanaged<long, long, long, long, long, void*, int>)Export("H5Dread");
        H5Dwrite = (delegate* unmanaged<long, long, long, long, long, void*, int>)Export("H5Dwrite");
        H5Dget_space = (delegate* unmanaged<long, long>)Export("H5Dget_space");
        H5Dget_type = (delegate* unmanaged<long, long>)Export("H5Dget_type");
        H5Dvlen_reclaim = (delegate* unmanaged<long, long, long, void*, int>)Export("H5Dvlen_reclaim");
        H5Dclose = (delegate* unmanaged<long, int>)Export("H5Dclose");
        H5Screate = (delegate* unmanaged<int, long>)Export("H5Screate");
        H5Screate_simple = (delegate* unmanaged<int, ulong*, ulong*, long>)Export("H5Screate_simple");
        H5Sget_simple_extent_ndims = (delegate* unmanaged<long, int>)Export("H5Sget_simple_extent_ndims");
        H5Sget_simple_extent_dims = (delegate* unmanaged<long, ulong*, ulong*, int>)Export("H5Sget_simple_extent_dims");
        H5Sget_simple_extent_type = (delegate* unmanaged<long, int>)Export("H5Sget_simple_extent_type");
        H5Sselect_hyperslab = (delegate* unmanaged<long, int, ulong*, ulong*, ulong*, ulong*, int>)Export("H5Sselect_hyperslab");
        H5Sclose = (delegate* unmanaged<long, int>)Export("H5Sclose");
        H5Tcopy = (delegate* unmanaged<long, long>)Export("H5Tcopy");
        H5Tset_size = (delegate* unmanaged<long, nuint, int>)Export("H5Tset_size");
        H5Tget_size = (delegate* unmanaged<long, nuint>)Export("H5Tget_size");
        H5Tset_cset = (delegate* unmanaged<long, int, int>)Export("H5Tset_cset");
        H5Tget_cset = (delegate* unmanaged<long, int>)Export("H5Tget_cset");
        H5Tget_class = (delegate* unmanaged<long, int>)Export("H5Tget_class");
        H5Tget_sign = (delegate* unmanaged<long, int>)Export("H5Tget_sign");
        H5Tis_variable_str = (delegate* unmanaged<long, int>)Export("H5Tis_variable_str");
        H5Tvlen_create = (delegate* unmanaged<long, long>)Export("H5Tvlen_create");
        H5Tget_super = (delegate* unmanaged<long, long>)Export("H5Tget_super");
        H5Tget_native_type = (delegate* unmanaged<long, int, long>)Export("H5Tget_native_type");
        H5Tset_fields = (delegate* unmanaged<long, nuint, nuint, nuint, nuint, nuint, int>)Export("H5Tset_fields");
        H5Tset_ebias = (delegate* unmanaged<long, nuint, int>)Export("H5Tset_ebias");
        H5Tclose = (delegate* unmanaged<long, int>)Export("H5Tclose");
        H5Pcreate = (delegate* unmanaged<long, long>)Export("H5Pcreate");
        H5Pset_chunk = (delegate* unmanaged<long, int, ulong*, int>)Export("H5Pset_chunk");
        H5Pset_deflate = (delegate* unmanaged<long, uint, int>)Export("H5Pset_deflate");
        H5Pset_file_locking = (delegate* unmanaged<long, byte, byte, int>)OptionalExport("H5Pset_file_locking");
        H5Pset_fapl_core = (delegate* unmanaged<long, nuint, byte, int>)Export("H5Pset_fapl_core");
        H5Pset_file_image = (delegate* unmanaged<long, void*, nuint, int>)Export("H5Pset_file_image");
        H5Pclose = (delegate* unmanaged<long, int>)Export("H5Pclose");
        H5Aopen = (delegate* unmanaged<long, byte*, long, long>)Export("H5Aopen");
        H5Acreate2 = (delegate* unmanaged<long, byte*, long, long, long, long, long>)Export("H5Acreate2");
        H5Aread = (delegate* unmanaged<long, long, void*, int>)Export("H5Aread");
        H5Awrite = (delegate* unmanaged<long, long, void*, int>)Export("H5Awrite");
        H5Aexists = (delegate* unmanaged<long, byte*, int>)Export("H5Aexists");
        H5Adelete = (delegate* unmanaged<long, byte*, int>)Export("H5Adelete");
        H5Aget_space = (delegate* unmanaged<long, long>)Export("H5Aget_space");
        H5Aget_type = (delegate* unmanaged<long, long>)Export("H5Aget_type");
        H5Aiterate2 = (delegate* unmanaged<long, int, int, ulong*, delegate* unmanaged<long, byte*, void*, nint, int>, nint, int>)Export("H5Aiterate2");
        H5Aclose = (delegate* unmanaged<long, int>)Export("H5Aclose");
    }

    /// <summary>The name or path the library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>
    /// Loads the first library in <paramref name="candidates"/> that the loader finds (after the file named by
    /// <c>DENDRITE_HDF5_LIBRARY</c>, when set).
    /// </summary>
    /// <exception cref="DllNotFoundException">No candidate loads; the message names what was tried and the package to install.</exception>
    public static Hdf5Api Load(IReadOnlyList<string> candidates, string? overridePath)
    {
        var tried = new List<string>();
        IEnumerable<string> names = overridePath is { Length: > 0 } ? candidates.Prepend(overridePath) : candidates;
        foreach (string name in names)
        {
            tried.Add(name);
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                return new Hdf5Api(handle, name);
            }
        }
        throw new DllNotFoundException(
            "The HDF5 C library was not found (tried " + string.Join(", ", tried) + "). " +
            "Install the Debian package libhdf5-103-1 (apt-get install libhdf5-103-1), or set " +
            LibraryVariable + " to the path of an HDF5 1.10–1.14 shared library.");
    }

    /// <summary>Reads one of HDF5's predefined type or property-class ids, which are global variables, not functions.</summary>
    /// <remarks>They hold garbage until <c>H5open</c> has run (the C macros call it for you; we must do it ourselves).</remarks>
    public long ReadGlobalId(string name) => Marshal.ReadInt64(Export(name));

    private nint Export(string name)
    {
        if (!NativeLibrary.TryGetExport(_handle, name, out nint address))
        {
            throw new DllNotFoundException(
                $"The HDF5 library '{LibraryPath}' has no export '{name}'; Dendrite needs HDF5 1.10 to 1.14 " +
                "(Debian package libhdf5-103-1).");
        }
        return address;
    }

    private nint OptionalExport(string name) => NativeLibrary.TryGetExport(_handle, name, out nint address) ? address : 0;

    /// <summary><c>H5G_info_t</c>: storage type, link count, max creation order, mounted flag (C bool); 32 bytes.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 32)]
    internal struct GroupInfo
    {
        public int StorageType;
        public ulong LinkCount;
        public long MaxCreationOrder;
        public byte Mounted;
    }

    /// <summary><c>H5E_error2_t</c>: one record of the error stack.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ErrorRecord
    {
        public long ClassId;
        public long MajorId;
        public long MinorId;
        public uint Line;
        public nint FunctionName;
        public nint FileName;
        public nint Description;
    }

    /// <summary><c>hvl_t</c>: a variable-length element (length in elements, pointer owned by HDF5 after a read).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct VarLen
    {
        public nuint Length;
        public nint Pointer;
    }
}
