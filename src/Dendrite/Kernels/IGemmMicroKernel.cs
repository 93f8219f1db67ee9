namespace Dendrite.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel and the cache blocking that suits it. The driver (<see cref="Gemm"/>)
/// is generic over this interface, so each kernel's sizes are JIT-time constants.
/// </summary>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of C per tile (the broadcast operand, packed A).</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of C per tile (the vector operand, packed B).</summary>
    static abstract int Nr { get; }

    /// <summary>Largest depth block: an Mr×Kc panel of A stays in L1 while B panels stream past it.</summary>
    static abstract int Kc { get; }

    /// <summary>Largest column block: a Kc×Nc block of packed B stays in L2.</summary>
    static abstract int Nc { get; }

    /// <summary>Largest row block: an Mc×Kc block of packed A (bounds the packing buffer; lives in L3).</summary>
    static abstract int Mc { get; }

    /// <summary>
    /// C[0..rows, 0..Nr] = alpha·(A·B) + beta·C, where A is a packed Mr×kc panel (element (i, p) at a[p·Mr + i])
    /// and B a kc×Nr panel with element (p, j) at b[p·bStride + j]: packed (bStride = Nr) or read in place
    /// from a row-major B (bStride = ldb). beta = 0 means C is not read.
    /// Only the first <paramref name="rows"/> (1..Mr) rows of C are written.
    /// </summary>
    static abstract void Multiply(int kc, float* a, float* b, nint bStride, float* c, nint ldc, float alpha, float beta,
        int rows);
}
