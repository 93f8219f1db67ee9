namespace Dendrite.Kernels;

/// <summary>Which SIMD width the GEMM micro-kernel uses. Tests force each width; users get <see cref="Auto"/>.</summary>
internal enum GemmKernelWidth
{
    /// <summary>The widest width the hardware accelerates.</summary>
    Auto = 0,
    Vector512,
    Vector256,
    Vector128,
}
