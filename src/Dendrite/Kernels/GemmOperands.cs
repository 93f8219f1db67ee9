namespace Dendrite.Kernels;

/// <summary>
/// One GEMM call with its operands pinned, described by strides so that the blocked loop and the packing do
/// not care about transposes: op(A)[i, p] = A[i·AStrideRow + p·AStrideDepth] and
/// op(B)[p, j] = B[p·BStrideDepth + j·BStrideColumn].
/// </summary>
internal readonly unsafe struct GemmOperands
{
    public GemmOperands(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
    {
        M = m;
        N = n;
        K = k;
        Alpha = alpha;
        Beta = beta;
        A = a;
        B = b;
        C = c;
        Ldc = ldc;
        AStrideRow = transposeA ? 1 : lda;
        AStrideDepth = transposeA ? lda : 1;
        BStrideDepth = transposeB ? 1 : ldb;
        BStrideColumn = transposeB ? ldb : 1;
    }

    public int M { get; }

    public int N { get; }

    public int K { get; }

    public float Alpha { get; }

    public float Beta { get; }

    public float* A { get; }

    public float* B { get; }

    public float* C { get; }

    public nint Ldc { get; }

    public nint AStrideRow { get; }

    public nint AStrideDepth { get; }

    public nint BStrideDepth { get; }

    public nint BStrideColumn { get; }
}
