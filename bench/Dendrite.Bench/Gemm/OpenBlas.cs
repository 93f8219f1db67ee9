using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Dendrite.Bench.Gemm;

/// <summary>
/// The system OpenBLAS (Debian <c>libopenblas0</c>), loaded at run time so that a machine without it still
/// runs Dendrite's side of the benchmark.
/// </summary>
/// <remarks>
/// OpenBLAS picks its kernels when the library loads, from the CPU or from <c>OPENBLAS_CORETYPE</c>. An
/// environment that pins <c>OPENBLAS_CORETYPE=Haswell</c> would make it run AVX2 kernels on an AVX-512 CPU
/// at half speed, so before loading we set the variable in the native environment: .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> only changes the runtime's own copy on
/// Linux, which the C library's <c>getenv</c> never sees, so libc <c>setenv</c> is called directly.
/// </remarks>
internal static unsafe partial class OpenBlas
{
    public const string DefaultLibrary = "libopenblas.so.0";
    public const string DebianPackage = "libopenblas0";

    private const int RowMajor = 101;
    private const int NoTranspose = 111;
    private const int Transpose = 112;

    private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
    private static delegate* unmanaged<int, void> s_setNumThreads;
    private static delegate* unmanaged<byte*> s_getCorename;
    private static delegate* unmanaged<byte*> s_getConfig;
    private static bool s_attempted;
    private static string? s_failure;

    /// <summary>Loads the library once; false (with the reason) when it is missing or lacks an entry point.</summary>
    public static bool TryLoad(out string? failure)
    {
        if (!s_attempted)
        {
            s_attempted = true;
            s_failure = Load();
        }
        failure = s_failure;
        return s_failure is null;
    }

    /// <summary>The kernel family OpenBLAS chose, e.g. "SkylakeX" or "Haswell".</summary>
    public static string CoreName => Marshal.PtrToStringUTF8((nint)s_getCorename()) ?? "?";

    /// <summary>The build configuration string (version, DYNAMIC_ARCH, threading).</summary>
    public static string Config => Marshal.PtrToStringUTF8((nint)s_getConfig()) ?? "?";

    public static void SetThreads(int threads) => s_setNumThreads(threads);

    /// <summary>cblas_sgemm, row-major: the same contract as <see cref="Kernels.Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>.</summary>
    public static void Sgemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc) =>
        s_sgemm(RowMajor, transposeA ? Transpose : NoTranspose, transposeB ? Transpose : NoTranspose,
            m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The library to load: <c>DENDRITE_OPENBLAS</c> (a name or path, e.g. another OpenBLAS build) or the default.</summary>
    public static string LibraryName =>
        Environment.GetEnvironmentVariable("DENDRITE_OPENBLAS") is { Length: > 0 } path ? path : DefaultLibrary;

    private static string? Load()
    {
        PreferBestKernels();
        string library = LibraryName;
        if (!NativeLibrary.TryLoad(library, out nint handle))
        {
            return $"{library} not found; install the Debian package {DebianPackage} " +
                $"(apt-get install {DebianPackage}) to compare against OpenBLAS.";
        }
        try
        {
            s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)
                NativeLibrary.GetExport(handle, "cblas_sgemm");
            s_setNumThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(handle, "openblas_set_num_threads");
            s_getCorename = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_corename");
            s_getConfig = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_config");
        }
        catch (EntryPointNotFoundException exception)
        {
            return $"{library} lacks an entry point ({exception.Message}); is it OpenBLAS ({DebianPackage})?";
        }
        return null;
    }

    /// <summary>
    /// On an AVX-512 CPU, asks for the SkylakeX kernels whatever the inherited environment says; elsewhere
    /// removes any override so OpenBLAS detects the CPU itself. Must run before the library is loaded.
    /// </summary>
    private static void PreferBestKernels()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }
        if (Avx512F.IsSupported && Avx512DQ.IsSupported && Avx512BW.IsSupported)
        {
            _ = SetEnv("OPENBLAS_CORETYPE", "SkylakeX", 1);
        }
        else
        {
            _ = UnsetEnv("OPENBLAS_CORETYPE");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "unsetenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnsetEnv(string name);
}
