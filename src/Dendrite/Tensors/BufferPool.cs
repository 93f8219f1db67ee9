using System.Numerics;

namespace Dendrite.Tensors;

/// <summary>
/// Large float and double arrays reused across calls, keyed by exact length: the neuron kernels' per-call [T, B, N] scratch,
/// the state a tape node keeps for its backward, and the gradients of intermediate tensors. Arrays that size live on the
/// large object heap, which the GC collects only in full collections, so without reuse a training loop's resident memory
/// grows by every step's buffers before any are reclaimed. See docs/buffer-reuse.md.
/// </summary>
/// <remarks>
/// A rented array belongs to the renter until it returns it; contents are stale unless <c>clear</c> is asked for. Arrays
/// shorter than <see cref="MinLength"/> are plain allocations (gen-0 collections reclaim them cheaply) and are not kept.
/// At most <see cref="MaxPooledBytes"/> are held per element type; beyond that a returned array is left to the GC.
/// </remarks>
internal static class BufferPool
{
    /// <summary>Shorter arrays are allocated and dropped as usual (64 KB of floats, just under the large object heap).</summary>
    public const int MinLength = 1 << 14;

    /// <summary>Most bytes of idle arrays kept per element type.</summary>
    public const long MaxPooledBytes = 1L << 30;

    [ThreadStatic]
    private static bool t_poisonReturned;

    [ThreadStatic]
    private static bool t_bypass;

    /// <summary>Tests set this (for their thread) to fill every returned array with NaN, so a read after return shows in the results.</summary>
    internal static bool PoisonReturned
    {
        get => t_poisonReturned;
        set => t_poisonReturned = value;
    }

    /// <summary>Tests set this (for their thread) to allocate every array afresh and keep none, as before there was a pool.</summary>
    internal static bool Bypass
    {
        get => t_bypass;
        set => t_bypass = value;
    }

    public static T[] Rent<T>(int length, bool clear)
        where T : unmanaged, IFloatingPointIeee754<T> => Pool<T>.Rent(length, clear);

    public static void Return<T>(T[] array)
        where T : unmanaged, IFloatingPointIeee754<T> => Pool<T>.Return(array);

    /// <summary>Bytes held idle for one element type (for tests and diagnostics).</summary>
    internal static long PooledBytes<T>()
        where T : unmanaged, IFloatingPointIeee754<T> => Pool<T>.PooledBytes;

    private static class Pool<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static readonly Dictionary<int, Stack<T[]>> s_free = [];
        private static readonly Lock s_lock = new();
        private static long s_pooledBytes;

        public static long PooledBytes
        {
            get
            {
                lock (s_lock)
                {
                    return s_pooledBytes;
                }
            }
        }

        public static T[] Rent(int length, bool clear)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length);
            if (length < MinLength || t_bypass)
            {
                return new T[length];
            }
            T[]? array = null;
            lock (s_lock)
            {
                if (s_free.TryGetValue(length, out Stack<T[]>? stack) && stack.TryPop(out array))
                {
                    s_pooledBytes -= Bytes(length);
                }
            }
            if (array is null)
            {
                return clear ? new T[length] : GC.AllocateUninitializedArray<T>(length);
            }
            if (clear)
            {
                Array.Clear(array);
            }
            return array;
        }

        public static void Return(T[] array)
        {
            ArgumentNullException.ThrowIfNull(array);
            if (array.Length < MinLength || t_bypass)
            {
                return;
            }
            if (t_poisonReturned)
            {
                array.AsSpan().Fill(T.NaN);
            }
            lock (s_lock)
            {
                if (!s_free.TryGetValue(array.Length, out Stack<T[]>? stack))
                {
                    stack = new Stack<T[]>();
                    s_free[array.Length] = stack;
                }
                if (stack.Contains(array))
                {
                    // Two renters would then share one array; fail where the bug is, not where the data goes wrong.
                    throw new InvalidOperationException($"A {typeof(T).Name}[{array.Length}] was returned to the buffer pool twice.");
                }
                if (s_pooledBytes + Bytes(array.Length) <= MaxPooledBytes)
                {
                    stack.Push(array);
                    s_pooledBytes += Bytes(array.Length);
                }
            }
        }

        private static long Bytes(int length) => (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
    }
}
