namespace Dendrite.Kernels;

/// <summary>
/// Packing buffers for one thread of one GEMM call, rented from a small pool so that repeated calls allocate
/// nothing. The storage is a pinned array (it never moves, so its aligned address is computed once).
/// </summary>
internal sealed unsafe class GemmWorkspace
{
    // Panels start on 64-byte boundaries so that no zmm load of packed data splits a cache line.
    private const int AlignmentFloats = 16;

    // Enough for a few concurrent callers on a many-core machine; beyond that, extra workspaces are dropped.
    private const int MaxPooled = 16;

    private static readonly GemmWorkspace?[] s_pool = new GemmWorkspace?[MaxPooled];
    private static readonly Lock s_poolLock = new();
    private static int s_pooled;

    private float[] _storage = [];
    private float* _aligned;
    private long _capacity;

    /// <summary>Packed block of A.</summary>
    public float* PackedA { get; private set; }

    /// <summary>Packed block of B.</summary>
    public float* PackedB { get; private set; }

    /// <summary>One Mr×Nr tile of C for edges narrower than the kernel.</summary>
    public float* Tile { get; private set; }

    public static GemmWorkspace Rent(long aFloats, long bFloats, long tileFloats)
    {
        GemmWorkspace? workspace = null;
        lock (s_poolLock)
        {
            if (s_pooled > 0)
            {
                workspace = s_pool[--s_pooled];
                s_pool[s_pooled] = null;
            }
        }
        workspace ??= new GemmWorkspace();
        workspace.Layout(aFloats, bFloats, tileFloats);
        return workspace;
    }

    public static void Return(GemmWorkspace workspace)
    {
        lock (s_poolLock)
        {
            if (s_pooled < MaxPooled)
            {
                s_pool[s_pooled++] = workspace;
            }
        }
    }

    private void Layout(long aFloats, long bFloats, long tileFloats)
    {
        long aSize = RoundUp(aFloats), bSize = RoundUp(bFloats), tileSize = RoundUp(tileFloats);
        long needed = aSize + bSize + tileSize;
        if (needed > _capacity)
        {
            // Grow to the largest request seen; the pool then keeps it, so steady state allocates nothing.
            _storage = GC.AllocateUninitializedArray<float>(checked((int)(needed + AlignmentFloats)), pinned: true);
            fixed (float* start = _storage)
            {
                _aligned = (float*)(((nint)start + AlignmentFloats * sizeof(float) - 1) & ~(nint)(AlignmentFloats * sizeof(float) - 1));
            }
            _capacity = needed;
            // Uninitialised memory may hold denormals or NaN; the edge tile is read for beta != 0 lanes that are
            // discarded, and zeros keep those lanes cheap.
            new Span<float>(_aligned, checked((int)needed)).Clear();
        }
        PackedA = _aligned;
        PackedB = _aligned + aSize;
        Tile = _aligned + aSize + bSize;
    }

    private static long RoundUp(long floats) => (floats + AlignmentFloats - 1) / AlignmentFloats * AlignmentFloats;
}
