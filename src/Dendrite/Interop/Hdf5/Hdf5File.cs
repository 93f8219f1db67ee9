using Dendrite.Interop.Hdf5.Validation;
using Microsoft.Win32.SafeHandles;

namespace Dendrite.Interop.Hdf5;

/// <summary>
/// An open HDF5 file; also its root group (<c>/</c>).
/// </summary>
/// <example>
/// <code>
/// using (var file = Hdf5File.Create("model.h5"))
/// using (var group = file.CreateGroup("node"))
/// {
///     group.WriteString("type", "Affine");
///     group.Write("weight", weights, [outputs, inputs], gzipLevel: 4);
/// }
/// using var read = Hdf5File.OpenRead("model.h5");
/// float[] w = read.Read&lt;float&gt;("node/weight");
/// </code>
/// </example>
public sealed unsafe class Hdf5File : Hdf5Location
{
    private const uint ReadOnlyAccess = 0;
    private const uint ReadWriteAccess = 1;
    private const uint TruncateAccess = 2;
    private const uint ExclusiveAccess = 4;

    private Hdf5File(long id, string path)
        : base(id, path, "/")
    {
    }

    /// <summary>Opens an existing file for reading.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="Hdf5Exception">
    /// The file is not HDF5, is truncated or malformed (<see cref="Hdf5Exception.Offset"/> says where), uses a feature
    /// outside the checked subset, or cannot be opened; the message says why. Every object reachable from the root is
    /// checked in managed code before libhdf5 reads it, because libhdf5 can crash or hang on corrupt metadata.
    /// </exception>
    /// <exception cref="DllNotFoundException">The HDF5 library is not installed; the message names the package.</exception>
    public static Hdf5File OpenRead(string path) => Open(path, ReadOnlyAccess);

    /// <summary>Opens an existing file for reading and writing.</summary>
    public static Hdf5File OpenReadWrite(string path) => Open(path, ReadWriteAccess);

    /// <summary>Creates a new file. An existing file is an error unless <paramref name="overwrite"/> is set.</summary>
    public static Hdf5File Create(string path, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!overwrite && File.Exists(full))
        {
            throw new IOException($"'{full}' already exists; pass overwrite: true to replace it.");
        }
        Hdf5Api api = Hdf5Library.Api;
        fixed (byte* name = Hdf5Library.Utf8(full))
        {
            long id = api.H5Fcreate(name, overwrite ? TruncateAccess : ExclusiveAccess, 0, 0);
            return new Hdf5File(Hdf5Library.CheckId(id, "create", full, null), full);
        }
    }

    /// <summary>
    /// Opens a file image held in memory (HDF5's core driver; the bytes are copied), read-only.
    /// <paramref name="name"/> stands in for the path in messages.
    /// </summary>
    /// <exception cref="Hdf5Exception">The bytes are not a readable HDF5 file (checked first, as for <see cref="OpenRead"/>).</exception>
    public static Hdf5File OpenImage(ReadOnlySpan<byte> image, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Hdf5Validator.Validate(name, image);
        Hdf5Api api = Hdf5Library.Api;
        using OwnedId access = CoreAccess(name);
        fixed (byte* bytes = image)
        {
            Hdf5Library.Check(api.H5Pset_file_image(access.Id, bytes, (nuint)image.Length), "load the file image", name, null);
        }
        fixed (byte* label = Hdf5Library.Utf8(UniqueCoreName(name)))
        {
            return new Hdf5File(Hdf5Library.CheckId(api.H5Fopen(label, ReadOnlyAccess, access.Id), "open", name, null), name);
        }
    }

    /// <summary>Creates a file that lives only in memory; take its bytes with <see cref="GetImage"/>.</summary>
    public static Hdf5File CreateInMemory(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using OwnedId access = CoreAccess(name);
        fixed (byte* label = Hdf5Library.Utf8(UniqueCoreName(name)))
        {
            return new Hdf5File(Hdf5Library.CheckId(Hdf5Library.Api.H5Fcreate(label, TruncateAccess, 0, access.Id), "create", name, null), name);
        }
    }

    /// <summary>The file's current bytes, exactly as they would be on disk.</summary>
    public byte[] GetImage()
    {
        Hdf5Api api = Hdf5Library.Api;
        Flush();
        nint size = api.H5Fget_file_image(Id, null, 0);
        if (size < 0)
        {
            Hdf5Library.ThrowFailure("take the image of", FilePath, null);
        }
        var image = new byte[size];
        fixed (byte* p = image)
        {
            if (api.H5Fget_file_image(Id, p, (nuint)image.Length) < 0)
            {
                Hdf5Library.ThrowFailure("take the image of", FilePath, null);
            }
        }
        return image;
    }

    /// <summary>Writes buffered changes to disk.</summary>
    public void Flush() => Hdf5Library.Check(Hdf5Library.Api.H5Fflush(Id, 0), "flush", FilePath, null);

    private protected override void Close(long id) => Hdf5Library.Api.H5Fclose(id);

    /// <summary>File-access properties for the core (memory) driver, without a backing file.</summary>
    private static OwnedId CoreAccess(string name)
    {
        Hdf5Api api = Hdf5Library.Api;
        var access = OwnedId.PropertyList(Hdf5Library.CheckId(api.H5Pcreate(Hdf5Library.Globals.FileAccessClass), "create access properties for", name, null));
        Hdf5Library.Check(api.H5Pset_fapl_core(access.Id, 1 << 16, 0), "select the memory driver for", name, null);
        return access;
    }

    // HDF5 refuses to open two files under one name; in-memory files get a unique one.
    private static string UniqueCoreName(string name) => $"{name}#memory-{Guid.NewGuid():N}";

    private static Hdf5File Open(string path, uint access)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"HDF5 file '{full}' does not exist.", full);
        }
        using (SafeFileHandle handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            Hdf5Validator.Validate(full, handle);
        }
        Hdf5Api api = Hdf5Library.Api;
        fixed (byte* name = Hdf5Library.Utf8(full))
        {
            long id = api.H5Fopen(name, access, 0);
            if (id >= 0)
            {
                return new Hdf5File(id, full);
            }
            Hdf5Exception failure = Hdf5Library.Failure("open", full, null);
            // HDF5 ≥ 1.10 flock()s files; some container filesystems refuse (formats.md §2.5 pitfall 13). Retry without locking.
            if (failure.Message.Contains("lock", StringComparison.OrdinalIgnoreCase) && api.H5Pset_file_locking != null)
            {
                using OwnedId access2 = OwnedId.PropertyList(api.H5Pcreate(Hdf5Library.Globals.FileAccessClass));
                api.H5Pset_file_locking(access2.Id, 0, 1);
                id = api.H5Fopen(name, access, access2.Id);
                if (id >= 0)
                {
                    return new Hdf5File(id, full);
                }
                failure = Hdf5Library.Failure("open", full, null);
            }
            throw failure;
        }
    }
}
