using System.Runtime.InteropServices;
using System.Text;

namespace Dendrite.Interop.Hdf5;

/// <summary>Reading numbers, strings and variable-length rows from a dataset or attribute.</summary>
internal static unsafe class Hdf5Read
{
    /// <summary>All elements, converted by HDF5 to <typeparamref name="T"/>, row-major.</summary>
    public static T[] Numeric<T>(Hdf5Target target)
        where T : unmanaged
    {
        var values = new T[target.ElementCount(target.Dimensions())];
        Numeric<T>(target, values);
        return values;
    }

    /// <summary>All elements into <paramref name="destination"/>, whose length must equal the element count.</summary>
    public static void Numeric<T>(Hdf5Target target, Span<T> destination)
        where T : unmanaged
    {
        int count = target.ElementCount(target.Dimensions());
        if (destination.Length != count)
        {
            throw new ArgumentException(
                $"'{target.Path}' in '{target.File}' has {count} elements; the destination has {destination.Length}.", nameof(destination));
        }
        using OwnedId fileType = target.FileType();
        var typeClass = (Hdf5TypeClass)Hdf5Library.Api.H5Tget_class(fileType.Id);
        long memoryType = Hdf5Library.Globals.MemoryType<T>();
        OwnedId nativeEnum = default;
        switch (typeClass)
        {
            case Hdf5TypeClass.Integer:
            case Hdf5TypeClass.Float:
                break;
            case Hdf5TypeClass.Enum:
                // Enum-to-integer conversion is not guaranteed (h5py bools): read the raw values in the enum's own native type.
                nativeEnum = OwnedId.Type(Hdf5Library.CheckId(Hdf5Library.Api.H5Tget_native_type(fileType.Id, 0), "get the native type of", target.File, target.Path));
                if ((int)Hdf5Library.Api.H5Tget_size(nativeEnum.Id) != sizeof(T))
                {
                    nativeEnum.Dispose();
                    nuint size = Hdf5Library.Api.H5Tget_size(fileType.Id);
                    throw target.Error($"holds {size}-byte enum values; read them as a {size}-byte integer type.");
                }
                memoryType = nativeEnum.Id;
                break;
            default:
                throw target.Error($"holds {typeClass} data, not numbers" +
                    (typeClass == Hdf5TypeClass.String ? "; read it as strings." : typeClass == Hdf5TypeClass.VariableLength ? "; read it as variable-length rows." : "."));
        }
        using (nativeEnum)
        {
            if (count == 0)
            {
                return;
            }
            fixed (T* p = destination)
            {
                target.Read(memoryType, p);
            }
        }
    }

    /// <summary>All elements of a fixed- or variable-length string dataset or attribute.</summary>
    public static string[] Strings(Hdf5Target target)
    {
        using OwnedId space = target.Space();
        int count = target.ElementCount(target.Dimensions(space.Id));
        using OwnedId fileType = target.FileType();
        Hdf5Api api = Hdf5Library.Api;
        if ((Hdf5TypeClass)api.H5Tget_class(fileType.Id) != Hdf5TypeClass.String)
        {
            throw target.Error($"holds {(Hdf5TypeClass)api.H5Tget_class(fileType.Id)} data, not strings.");
        }
        var result = new string[count];
        if (count == 0)
        {
            return result;
        }
        if (api.H5Tis_variable_str(fileType.Id) > 0)
        {
            // Memory type: variable-length C strings in the file's character set (HDF5 may refuse to convert between sets).
            using OwnedId memoryType = OwnedId.Type(api.H5Tcopy(Hdf5Library.Globals.CString));
            api.H5Tset_size(memoryType.Id, unchecked((nuint)(-1)));
            api.H5Tset_cset(memoryType.Id, api.H5Tget_cset(fileType.Id));
            var pointers = new nint[count];
            fixed (nint* p = pointers)
            {
                target.Read(memoryType.Id, p);
                try
                {
                    for (int i = 0; i < count; i++)
                    {
                        result[i] = pointers[i] == 0 ? "" : Marshal.PtrToStringUTF8(pointers[i]) ?? "";
                    }
                }
                finally
                {
                    // The strings were allocated by HDF5 and must be released by it (formats.md §2.5 pitfall 5).
                    api.H5Dvlen_reclaim(memoryType.Id, space.Id, 0, p);
                }
            }
            return result;
        }

        // Fixed-length: read the bytes in the file's own type (no padding conversion), cut each at its first NUL.
        int size = (int)api.H5Tget_size(fileType.Id);
        var bytes = new byte[checked(count * size)];
        fixed (byte* p = bytes)
        {
            target.Read(fileType.Id, p);
        }
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> item = bytes.AsSpan(i * size, size);
            int end = item.IndexOf((byte)0);
            result[i] = Encoding.UTF8.GetString(end < 0 ? item : item[..end]).TrimEnd(' ');
        }
        return result;
    }

    /// <summary>
    /// Rows <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> of a 1-D variable-length
    /// dataset, each converted by HDF5 to <typeparamref name="T"/>.
    /// </summary>
    public static T[][] VarLen<T>(Hdf5Target target, long start, long count)
        where T : unmanaged
    {
        Hdf5Api api = Hdf5Library.Api;
        using OwnedId fileSpace = target.Space();
        long[] dims = target.Dimensions(fileSpace.Id);
        using (OwnedId fileType = target.FileType())
        {
            var typeClass = (Hdf5TypeClass)api.H5Tget_class(fileType.Id);
            if (typeClass != Hdf5TypeClass.VariableLength || api.H5Tis_variable_str(fileType.Id) > 0)
            {
                throw target.Error($"holds {typeClass} data, not variable-length rows.");
            }
        }
        if (dims.Length != 1)
        {
            throw target.Error($"has shape [{string.Join(", ", dims)}]; variable-length rows are read from 1-D datasets only.");
        }
        if (count < 0)
        {
            count = dims[0] - start;
        }
        if (start < 0 || count < 0 || start + count > dims[0])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows [{start}, {start + count}) of '{target.Path}' in '{target.File}', which has {dims[0]} rows.");
        }
        var rows = new T[count][];
        if (count == 0)
        {
            return rows;
        }

        ulong hyperStart = (ulong)start;
        ulong hyperCount = (ulong)count;
        Hdf5Library.Check(api.H5Sselect_hyperslab(fileSpace.Id, 0, &hyperStart, null, &hyperCount, null), "select rows of", target.File, target.Path);
        using OwnedId memorySpace = OwnedId.Space(Hdf5Library.CheckId(api.H5Screate_simple(1, &hyperCount, null), "create a dataspace for", target.File, target.Path));
        using OwnedId memoryType = OwnedId.Type(Hdf5Library.CheckId(api.H5Tvlen_create(Hdf5Library.Globals.MemoryType<T>()), "create a vlen type for", target.File, target.Path));
        var buffer = new Hdf5Api.VarLen[count];
        fixed (Hdf5Api.VarLen* p = buffer)
        {
            target.Read(memoryType.Id, p, memorySpace.Id, fileSpace.Id);
            try
            {
                for (long i = 0; i < count; i++)
                {
                    if (buffer[i].Length > (nuint)Array.MaxLength)
                    {
                        throw target.Error($"row {start + i} claims {buffer[i].Length} elements.");
                    }
                    var row = new T[(int)buffer[i].Length];
                    if (row.Length > 0)
                    {
                        new ReadOnlySpan<T>((void*)buffer[i].Pointer, row.Length).CopyTo(row);
                    }
                    rows[i] = row;
                }
            }
            finally
            {
                api.H5Dvlen_reclaim(memoryType.Id, memorySpace.Id, 0, p);
            }
        }
        return rows;
    }
}
