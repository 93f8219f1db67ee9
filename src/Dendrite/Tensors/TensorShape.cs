using System.Diagnostics.CodeAnalysis;

namespace Dendrite.Tensors;

/// <summary>The lengths of a row-major, contiguous tensor. Immutable; compared by value.</summary>
public readonly struct TensorShape : IEquatable<TensorShape>
{
    private readonly int[] _lengths;
    private readonly int _elementCount;

    public TensorShape(params int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        long count = 1;
        foreach (int length in lengths)
        {
            if (length < 0)
            {
                throw new ArgumentException($"Shape {Format(lengths)} has a negative length.", nameof(lengths));
            }
            count *= length;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(lengths)} has more than {Array.MaxLength} elements.", nameof(lengths));
            }
        }
        _lengths = (int[])lengths.Clone();
        _elementCount = (int)count;
    }

    public int Rank => Lengths.Length;

    /// <summary>Number of elements: the product of the lengths (1 for a scalar, including <c>default</c>).</summary>
    public int ElementCount => _lengths is null ? 1 : _elementCount;

    public ReadOnlySpan<int> Lengths => _lengths ?? [];

    public int this[int axis] => Lengths[axis < 0 ? axis + Rank : axis];

    /// <summary>The elements in one index of the first axis (the product of all lengths but the first).</summary>
    public int RowSize => Rank == 0 ? 1 : (Lengths[0] == 0 ? Tail(1) : ElementCount / Lengths[0]);

    public int[] ToArray() => Lengths.ToArray();

    /// <summary>The shape without its first <paramref name="axes"/> axes.</summary>
    public TensorShape DropLeading(int axes) => new(Lengths[axes..].ToArray());

    /// <summary>The shape with <paramref name="length"/> prepended as a new first axis.</summary>
    public TensorShape Prepend(int length) => new([length, .. Lengths]);

    /// <summary>The shape with the first axis set to <paramref name="length"/>.</summary>
    public TensorShape WithFirst(int length) => new([length, .. Lengths[1..]]);

    private int Tail(int from)
    {
        int product = 1;
        foreach (int length in Lengths[from..])
        {
            product *= length;
        }
        return product;
    }

    public bool Equals(TensorShape other) => Lengths.SequenceEqual(other.Lengths);

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is TensorShape other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int length in Lengths)
        {
            hash.Add(length);
        }
        return hash.ToHashCode();
    }

    public static bool operator ==(TensorShape left, TensorShape right) => left.Equals(right);

    public static bool operator !=(TensorShape left, TensorShape right) => !left.Equals(right);

    public override string ToString() => Format(Lengths);

    private static string Format(ReadOnlySpan<int> lengths) => "[" + string.Join(", ", lengths.ToArray()) + "]";

    public static implicit operator TensorShape(int[] lengths) => new(lengths);
}
