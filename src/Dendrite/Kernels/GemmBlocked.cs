using System.Runtime.CompilerServices;

namespace Dendrite.Kernels;

/// <summary>
/// The cache-blocked GEMM loop (the GotoBLAS/BLIS structure) around one micro-kernel, for one rectangle of C.
/// </summary>
/// <remarks>
/// Loop nest, outermost first: rows of C in blocks of ≤ Mc (pack op(A) once per depth block, reused for every
/// column block), depth in blocks of ≤ Kc, columns in blocks of ≤ Nc (pack op(B) into L2), then each Mr-row
/// panel of A (kept in L1) against every Nr-column panel of B (streamed from L2).
/// Depth blocks have the same size for every rectangle (they depend on K only) and run in the same order, so
/// each element of C sees the same sequence of roundings however C is split between threads.
/// </remarks>
internal static unsafe class GemmBlocked<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>
    /// Up to this many rows, a row-major (not transposed) B is read in place instead of packed. Packing costs
    /// about as much per element as the 2·rows flops it serves, so for a short A it is a large share of the
    /// time (measured: M = 32, N = K = 256 runs about 12% faster in place). From 128 rows on, packing wins.
    /// </summary>
    private const int DirectBMaxRows = 64;

    /// <summary>
    /// In place only while B's rows are at most 2 KiB apart: the L1 stride prefetcher follows strides up to
    /// 2 KiB, and without it an in-place panel runs at about half speed (measured at N = 1000).
    /// </summary>
    private const int DirectBMaxStride = 512;

    /// <summary>Computes rows [m0, m1) × columns [n0, n1) of C.</summary>
    public static void Run(in GemmOperands o, int m0, int m1, int n0, int n1)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        int kcMax = BlockSize(o.K, TKernel.Kc, 1);
        int mcMax = BlockSize(m1 - m0, TKernel.Mc, mr);
        int ncMax = BlockSize(n1 - n0, TKernel.Nc, nr);
        bool directB = o.BStrideColumn == 1 && m1 - m0 <= DirectBMaxRows && o.BStrideDepth <= DirectBMaxStride;
        GemmWorkspace workspace = GemmWorkspace.Rent((long)mcMax * kcMax, (long)ncMax * kcMax, mr * nr);
        try
        {
            for (int ic = m0; ic < m1; ic += mcMax)
            {
                int mc = Math.Min(mcMax, m1 - ic);
                for (int pc = 0; pc < o.K; pc += kcMax)
                {
                    int kc = Math.Min(kcMax, o.K - pc);
                    GemmPacking.Pack(o.A + ic * o.AStrideRow + pc * o.AStrideDepth, o.AStrideRow, o.AStrideDepth,
                        mc, kc, mr, workspace.PackedA);
                    // Later depth blocks accumulate onto what the first one wrote.
                    float beta = pc == 0 ? o.Beta : 1f;
                    for (int jc = n0; jc < n1; jc += ncMax)
                    {
                        int nc = Math.Min(ncMax, n1 - jc);
                        float* b = o.B + pc * o.BStrideDepth + jc * o.BStrideColumn;
                        // In place, only a ragged last panel still needs packing (a full-width read would run
                        // past the row).
                        int packFrom = directB ? nc / nr * nr : 0;
                        if (packFrom < nc)
                        {
                            GemmPacking.Pack(b + packFrom * o.BStrideColumn, o.BStrideColumn, o.BStrideDepth,
                                nc - packFrom, kc, nr, workspace.PackedB);
                        }
                        var panels = new BPanels(directB ? b : null, o.BStrideDepth, packFrom, workspace.PackedB);
                        Macro(workspace, panels, mc, nc, kc, o.C + ic * o.Ldc + jc, o.Ldc, o.Alpha, beta);
                    }
                }
            }
        }
        finally
        {
            GemmWorkspace.Return(workspace);
        }
    }

    /// <summary>
    /// Splits <paramref name="length"/> into equal blocks of at most about <paramref name="limit"/>, rounded up
    /// to a multiple of <paramref name="multiple"/>: K = 784 becomes 2 × 392 rather than 384 + 384 + 16.
    /// </summary>
    private static int BlockSize(int length, int limit, int multiple)
    {
        int blocks = Math.Max(1, (length + limit - 1) / limit);
        int size = (length + blocks - 1) / blocks;
        return (size + multiple - 1) / multiple * multiple;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Macro(GemmWorkspace workspace, BPanels panels, int mc, int nc, int kc, float* c, nint ldc,
        float alpha, float beta)
    {
        int mr = TKernel.Mr, nr = TKernel.Nr;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* aPanel = workspace.PackedA + (nint)ir * kc;
            for (int jr = 0; jr < nc; jr += nr)
            {
                float* bPanel = panels.Panel(jr, kc, out nint bStride);
                float* cTile = c + ir * ldc + jr;
                int columns = nc - jr;
                if (columns >= nr)
                {
                    TKernel.Multiply(kc, aPanel, bPanel, bStride, cTile, ldc, alpha, beta, rows);
                }
                else
                {
                    EdgeTile(kc, aPanel, bPanel, bStride, cTile, ldc, alpha, beta, rows, columns, workspace.Tile);
                }
            }
        }
    }

    /// <summary>
    /// A tile narrower than Nr goes through a full-width scratch tile, so the arithmetic is the kernel's own and
    /// an element of C gets the same bits whether it sits in a full or an edge tile.
    /// </summary>
    private static void EdgeTile(int kc, float* aPanel, float* bPanel, nint bStride, float* c, nint ldc, float alpha,
        float beta, int rows, int columns, float* tile)
    {
        int nr = TKernel.Nr;
        if (beta != 0f)
        {
            for (int r = 0; r < rows; r++)
            {
                new ReadOnlySpan<float>(c + r * ldc, columns).CopyTo(new Span<float>(tile + r * nr, columns));
            }
        }
        TKernel.Multiply(kc, aPanel, bPanel, bStride, tile, nr, alpha, beta, rows);
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + r * nr, columns).CopyTo(new Span<float>(c + r * ldc, columns));
        }
    }

    /// <summary>Where the Nr-column panels of one depth × column block of B are: in place up to a column, packed after.</summary>
    private readonly struct BPanels(float* direct, nint ldb, int packedFrom, float* packed)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* Panel(int column, int kc, out nint stride)
        {
            if (column < packedFrom)
            {
                stride = ldb;
                return direct + column;
            }
            stride = TKernel.Nr;
            return packed + (nint)(column - packedFrom) * kc;
        }
    }
}
