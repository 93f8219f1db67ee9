using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Dendrite.Kernels.Elementwise;

/// <summary>
/// The one loop that drives every element-wise operator: the widest accelerated vector, then the last
/// (overlapping) vector for the tail, then scalars only for inputs shorter than the narrowest vector.
/// </summary>
/// <remarks>
/// The tail vector is loaded before the main loop runs, so exact in-place use (x and destination the same
/// span) stays correct although the tail overlaps elements the loop already wrote.
/// Partial overlap between an input and the destination is rejected, as in TensorPrimitives.
/// </remarks>
public static class Elementwise
{
    /// <summary>destination[i] = op(x[i]).</summary>
    public static void Map<TOperator>(TOperator op, ReadOnlySpan<float> x, Span<float> destination)
        where TOperator : struct, IUnaryOperator
    {
        if (destination.Length < x.Length)
        {
            ThrowHelper.ThrowDestinationTooShort();
        }
        CheckOverlap(x, destination);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float dRef = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && length >= (nuint)Vector512<float>.Count)
        {
            nuint width = (nuint)Vector512<float>.Count;
            nuint last = length - width;
            Vector512<float> tail = op.Invoke(Vector512.LoadUnsafe(ref xRef, last));
            for (nuint i = 0; i < last; i += width)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xRef, i)).StoreUnsafe(ref dRef, i);
            }
            tail.StoreUnsafe(ref dRef, last);
        }
        else if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<float>.Count)
        {
            nuint width = (nuint)Vector256<float>.Count;
            nuint last = length - width;
            Vector256<float> tail = op.Invoke(Vector256.LoadUnsafe(ref xRef, last));
            for (nuint i = 0; i < last; i += width)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xRef, i)).StoreUnsafe(ref dRef, i);
            }
            tail.StoreUnsafe(ref dRef, last);
        }
        else if (Vector128.IsHardwareAccelerated && length >= (nuint)Vector128<float>.Count)
        {
            nuint width = (nuint)Vector128<float>.Count;
            nuint last = length - width;
            Vector128<float> tail = op.Invoke(Vector128.LoadUnsafe(ref xRef, last));
            for (nuint i = 0; i < last; i += width)
            {
                op.Invoke(Vector128.LoadUnsafe(ref xRef, i)).StoreUnsafe(ref dRef, i);
            }
            tail.StoreUnsafe(ref dRef, last);
        }
        else
        {
            for (nuint i = 0; i < length; i++)
            {
                Unsafe.Add(ref dRef, i) = op.Invoke(Unsafe.Add(ref xRef, i));
            }
        }
    }

    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    public static void Map<TOperator>(TOperator op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOperator : struct, IBinaryOperator
    {
        if (x.Length != y.Length)
        {
            ThrowHelper.ThrowLengthMismatch();
        }
        if (destination.Length < x.Length)
        {
            ThrowHelper.ThrowDestinationTooShort();
        }
        CheckOverlap(x, destination);
        CheckOverlap(y, destination);
        ref float xRef = ref MemoryMarshal.GetReference(x);
        ref float yRef = ref MemoryMarshal.GetReference(y);
        ref float dRef = ref MemoryMarshal.GetReference(destination);
        nuint length = (nuint)x.Length;
        if (Vector512.IsHardwareAccelerated && length >= (nuint)Vector512<float>.Count)
        {
            nuint width = (nuint)Vector512<float>.Count;
            nuint last = length - width;
            Vector512<float> tail = op.Invoke(Vector512.LoadUnsafe(ref xRef, last), Vector512.LoadUnsafe(ref yRef, last));
            for (nuint i = 0; i < last; i += width)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xRef, i), Vector512.LoadUnsafe(ref yRef, i)).StoreUnsafe(ref dRef, i);
            }
            tail.StoreUnsafe(ref dRef, last);
        }
        else if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<float>.Count)
        {
            nuint width = (nuint)Vector256<float>.Count;
            nuint last = length - width;
            Vector256<float> tail = op.Invoke(Vector256.LoadUnsafe(ref xRef, last), Vector256.LoadUnsafe(ref yRef, last));
            for (nuint i = 0; i < last; i += width)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xRef, i), Vector256.LoadUnsafe(ref yRef, i)).StoreUnsafe(ref dRef, i);
            }
            tail.StoreUnsafe(ref dRef, last);
        }
        else if (Vector128.IsHardwareAccelerated && length >= (nuint)Vector128<float>.Count)
        {
            nuint width = (nuint)Vector128<float>.Count;
            nuint last = length - width;
            Vector128<float> tail = op.Invoke(Vector128.LoadUnsafe(ref xRef, last), Vector128.LoadUnsafe(ref yRef, last));
            for (nuint i = 0; i < last; i += width)
            {
                op.Invoke(Vector128.LoadUnsafe(ref xRef, i), Vector128.LoadUnsafe(ref yRef, i)).StoreUnsafe(ref dRef, i);
            }
            tail.StoreUnsafe(ref dRef, last);
        }
        else
        {
            for (nuint i = 0; i < length; i++)
            {
                Unsafe.Add(ref dRef, i) = op.Invoke(Unsafe.Add(ref xRef, i), Unsafe.Add(ref yRef, i));
            }
        }
    }

    /// <summary>Reference for <see cref="Map{TOperator}(TOperator, ReadOnlySpan{float}, Span{float})"/>: scalar only.</summary>
    public static void MapReference<TOperator>(TOperator op, ReadOnlySpan<float> x, Span<float> destination)
        where TOperator : struct, IUnaryOperator
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = op.Invoke(x[i]);
        }
    }

    /// <summary>Reference for the binary map: scalar only.</summary>
    public static void MapReference<TOperator>(TOperator op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOperator : struct, IBinaryOperator
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = op.Invoke(x[i], y[i]);
        }
    }

    private static void CheckOverlap(ReadOnlySpan<float> input, Span<float> destination)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowHelper.ThrowArgument(
                "The destination span may only overlap with an input span if the two spans start at the same memory location.",
                nameof(destination));
        }
    }
}
