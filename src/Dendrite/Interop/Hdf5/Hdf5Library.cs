using System.Runtime.InteropServices;
using System.Text;

namespace Dendrite.Interop.Hdf5;

/// <summary>
/// Process-wide access to the HDF5 library: loading, predefined type ids, error reporting.
/// </summary>
public static unsafe class Hdf5Library
{
    private static readonly Lazy<Hdf5Api> s_api = new(LoadApi, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<Hdf5Globals> s_globals = new(() => new Hdf5Globals(Api), LazyThreadSafetyMode.ExecutionAndPublication);

    // HDF5's automatic error printing and its error stack are per thread in the thread-safe build.
    [ThreadStatic]
    private static bool t_silenced;

    /// <summary>True when the HDF5 library can be loaded on this machine.</summary>
    public static bool IsAvailable
    {
        get
        {
            try
            {
                _ = s_api.Value;
                return true;
            }
            catch (DllNotFoundException)
            {
                return false;
            }
        }
    }

    /// <summary>The library's version, e.g. 1.10.8.</summary>
    /// <exception cref="DllNotFoundException">The library is not installed; the message names the package.</exception>
    public static Version Version
    {
        get
        {
            uint major, minor, release;
            Api.H5get_libversion(&major, &minor, &release);
            return new Version((int)major, (int)minor, (int)release);
        }
    }

    /// <summary>The loaded function table; the first use on each thread silences HDF5's printing to stderr.</summary>
    internal static Hdf5Api Api
    {
        get
        {
            Hdf5Api api = s_api.Value;
            if (!t_silenced)
            {
                api.H5Eset_auto2(0, 0, 0);
                t_silenced = true;
            }
            return api;
        }
    }

    internal static Hdf5Globals Globals => s_globals.Value;

    private static Hdf5Api LoadApi()
    {
        Hdf5Api api = Hdf5Api.Load(Hdf5Api.DefaultCandidates, Environment.GetEnvironmentVariable(Hdf5Api.LibraryVariable));
        if (api.H5open() < 0)
        {
            throw new DllNotFoundException($"The HDF5 library '{api.LibraryPath}' loaded but H5open failed.");
        }
        return api;
    }

    /// <summary>Throws <see cref="Hdf5Exception"/> when <paramref name="id"/> is negative (HDF5's failure value).</summary>
    internal static long CheckId(long id, string operation, string file, string? objectPath)
    {
        if (id < 0)
        {
            ThrowFailure(operation, file, objectPath);
        }
        return id;
    }

    /// <summary>Throws <see cref="Hdf5Exception"/> when <paramref name="status"/> is negative.</summary>
    internal static int Check(int status, string operation, string file, string? objectPath)
    {
        if (status < 0)
        {
            ThrowFailure(operation, file, objectPath);
        }
        return status;
    }

    internal static void ThrowFailure(string operation, string file, string? objectPath) =>
        throw Failure(operation, file, objectPath);

    /// <summary>An exception for a failed call, with the reasons HDF5 left on this thread's error stack.</summary>
    internal static Hdf5Exception Failure(string operation, string file, string? objectPath)
    {
        string reason = TakeErrorStack();
        string where = objectPath is null ? $"'{file}'" : $"'{objectPath}' in '{file}'";
        string message = $"HDF5: cannot {operation} {where}" + (reason.Length > 0 ? $": {reason}" : ".");
        return new Hdf5Exception(message, file, objectPath);
    }

    /// <summary>Reads and clears this thread's HDF5 error stack, innermost reason first.</summary>
    internal static string TakeErrorStack()
    {
        var reasons = new List<string>();
        GCHandle handle = GCHandle.Alloc(reasons);
        try
        {
            Hdf5Api api = Api;
            api.H5Ewalk2(0, 0, &CollectError, GCHandle.ToIntPtr(handle));
            api.H5Eclear2(0);
        }
        finally
        {
            handle.Free();
        }
        return string.Join("; ", reasons.Distinct().Take(4));
    }

    [UnmanagedCallersOnly]
    private static int CollectError(uint index, Hdf5Api.ErrorRecord* record, nint client)
    {
        if (GCHandle.FromIntPtr(client).Target is List<string> reasons && record->Description != 0)
        {
            string? description = Marshal.PtrToStringUTF8(record->Description);
            if (!string.IsNullOrWhiteSpace(description))
            {
                reasons.Add(description);
            }
        }
        return 0;
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="text"/>, for <c>const char*</c> parameters.</summary>
    internal static byte[] Utf8(string text)
    {
        if (text.Contains('\0'))
        {
            ThrowHelper.ThrowArgument($"HDF5 names cannot contain NUL characters: '{text.Replace("\0", "\\0")}'.", nameof(text));
        }
        int length = Encoding.UTF8.GetByteCount(text);
        var bytes = new byte[length + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
