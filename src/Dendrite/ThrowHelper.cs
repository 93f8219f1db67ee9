using System.Diagnostics.CodeAnalysis;
using Dendrite.Tensors;

namespace Dendrite;

/// <summary>
/// Cold throw paths. Keeping the throw out of the caller keeps hot kernels small and inlinable
/// (the dotnet/runtime ThrowHelper pattern).
/// </summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowShapeMismatch(string operation, TensorShape left, TensorShape right, string? paramName = null) =>
        throw new ArgumentException($"{operation}: shapes {left} and {right} do not match.", paramName);

    [DoesNotReturn]
    public static void ThrowArgument(string message, string? paramName = null) =>
        throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowDestinationTooShort() =>
        throw new ArgumentException("Destination is too short.", "destination");

    [DoesNotReturn]
    public static void ThrowLengthMismatch() =>
        throw new ArgumentException("Input span arguments must all have the same length.");

    /// <summary>Throws unless the two shapes are equal; the message names both.</summary>
    public static void CheckSameShape(string operation, TensorShape left, TensorShape right, string? paramName = null)
    {
        if (left != right)
        {
            ThrowShapeMismatch(operation, left, right, paramName);
        }
    }
}
