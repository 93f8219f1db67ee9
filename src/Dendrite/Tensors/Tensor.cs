using System.Runtime.CompilerServices;

namespace Dendrite.Tensors;

/// <summary>
/// A float32 tensor: a shape over a contiguous, row-major range of a shared array.
/// Views (<see cref="Reshape(int[])"/>, <see cref="Slice"/>, <see cref="this[int]"/>) share the array.
/// </summary>
/// <remarks>
/// A tensor is always contiguous, so every kernel can take it as one <see cref="Span{T}"/>.
/// Gradients live beside the value: <see cref="Grad"/> is allocated on first accumulation by the tape.
/// </remarks>
public sealed class Tensor
{
    // Not readonly only so that a released gradient can drop its pooled array (see ReleaseGrad).
    private float[] _storage;
    private readonly int _offset;

    // A view shares its root's gradient buffer, so gradients that flow into a view land in the root's.
    private readonly Tensor? _root;
    private bool _requiresGrad;
    private Tensor? _grad;

    // Set on a gradient rented from the BufferPool by GradOrZeros; set released once it went back.
    private bool _pooled;
    private bool _released;

    /// <summary>A new zero-filled tensor.</summary>
    public Tensor(params int[] lengths)
        : this(new TensorShape(lengths))
    {
    }

    /// <summary>A new zero-filled tensor.</summary>
    public Tensor(TensorShape shape)
    {
        Shape = shape;
        _storage = shape.ElementCount == 0 ? [] : new float[shape.ElementCount];
    }

    /// <summary>A tensor over <paramref name="storage"/> (not copied) from <paramref name="offset"/>.</summary>
    public Tensor(float[] storage, TensorShape shape, int offset = 0)
        : this(storage, shape, offset, root: null)
    {
    }

    private Tensor(float[] storage, TensorShape shape, int offset, Tensor? root)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (offset < 0 || (long)offset + shape.ElementCount > storage.Length)
        {
            ThrowHelper.ThrowArgument(
                $"Shape {shape} from offset {offset} needs {(long)offset + shape.ElementCount} elements; storage has {storage.Length}.",
                nameof(storage));
        }
        _storage = storage;
        _offset = offset;
        _root = root;
        Shape = shape;
    }

    public TensorShape Shape { get; }

    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int Length => Shape.ElementCount;

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (_released)
            {
                ThrowReleased();
            }
            return new(_storage, _offset, Shape.ElementCount);
        }
    }

    /// <summary>A name for messages and checkpoints (set for parameters).</summary>
    public string? Name { get; set; }

    /// <summary>True when the tape should track operations on this tensor (parameters, and results of tracked operations).</summary>
    /// <remarks>A view answers for the tensor it views.</remarks>
    public bool RequiresGrad
    {
        get => _root?.RequiresGrad ?? _requiresGrad;
        set
        {
            if (_root is null)
            {
                _requiresGrad = value;
            }
            else
            {
                _root.RequiresGrad = value;
            }
        }
    }

    /// <summary>
    /// The accumulated gradient of the loss with respect to this tensor, or null when none has flowed here.
    /// A view's gradient is the matching view of its root's gradient.
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            if (_root is null)
            {
                return _grad;
            }
            Tensor? rootGrad = _root._grad;
            return rootGrad is null ? null : new Tensor(rootGrad._storage, Shape, rootGrad._offset + (_offset - _root._offset));
        }
        set
        {
            if (_root is not null)
            {
                ThrowHelper.ThrowArgument("The gradient of a view is its root's; set the root's Grad instead.");
            }
            if (value is not null)
            {
                ThrowHelper.CheckSameShape("Grad", Shape, value.Shape, nameof(value));
            }
            _grad = value;
        }
    }

    /// <summary>The gradient buffer, allocated (zero) on first use. Backward passes accumulate into it.</summary>
    public Tensor GradOrZeros()
    {
        Tensor root = _root ?? this;
        root._grad ??= new Tensor(BufferPool.Rent<float>(root.Shape.ElementCount, clear: true), root.Shape) { _pooled = true };
        return Grad!;
    }

    /// <summary>
    /// Returns a gradient that <see cref="GradOrZeros"/> rented back to the <see cref="BufferPool"/> and forgets it (the tape
    /// does this for its intermediate tensors when it is disposed). Reading that gradient tensor afterwards throws.
    /// </summary>
    internal void ReleaseGrad()
    {
        if (_root is null && _grad is { _pooled: true } grad)
        {
            _grad = null;
            float[] storage = grad._storage;
            (grad._storage, grad._pooled, grad._released) = ([], false, true);
            BufferPool.Return(storage);
        }
    }

    /// <summary>True for a view (reshape, slice, index) of another tensor.</summary>
    internal bool IsView => _root is not null;

    /// <summary>The array this tensor is a view of, and the start of the view in it.</summary>
    internal float[] Storage => _storage;

    internal int Offset => _offset;

    /// <summary>Element at a multi-dimensional index (slow path, for tests and small code).</summary>
    public float this[params int[] index]
    {
        get => _storage[_offset + FlatIndex(index)];
        set => _storage[_offset + FlatIndex(index)] = value;
    }

    /// <summary>A view of index <paramref name="index"/> along the first axis, with that axis dropped.</summary>
    public Tensor this[int index]
    {
        get
        {
            CheckFirstAxisIndex(index, 1);
            int row = Shape.RowSize;
            return new Tensor(_storage, Shape.DropLeading(1), _offset + index * row, _root ?? this);
        }
    }

    /// <summary>A view of <paramref name="length"/> indices along the first axis starting at <paramref name="start"/>.</summary>
    public Tensor Slice(int start, int length)
    {
        CheckFirstAxisIndex(start, length);
        return new Tensor(_storage, Shape.WithFirst(length), _offset + start * Shape.RowSize, _root ?? this);
    }

    /// <summary>A view with another shape of the same element count; one length may be -1 (inferred).</summary>
    /// <remarks>Views share the values and the gradient, so a view of a tracked tensor is tracked too.</remarks>
    public Tensor Reshape(params int[] lengths) => new(_storage, InferShape(lengths), _offset, _root ?? this);

    /// <summary>A view that shares the values but is not tracked by the tape.</summary>
    public Tensor Detach() => new(_storage, Shape, _offset) { Name = Name };

    /// <summary>A new tensor with a copy of the values (not tracked).</summary>
    public Tensor Clone()
    {
        var copy = new Tensor(Shape) { Name = Name };
        Span.CopyTo(copy.Span);
        return copy;
    }

    public float[] ToArray() => Span.ToArray();

    /// <summary>The value of a one-element tensor.</summary>
    public float ToScalar()
    {
        if (Length != 1)
        {
            ThrowHelper.ThrowArgument($"ToScalar() needs a tensor of one element; this one has shape {Shape}.");
        }
        return _storage[_offset];
    }

    public static Tensor Zeros(params int[] lengths) => new(lengths);

    public static Tensor Full(float value, params int[] lengths)
    {
        var tensor = new Tensor(lengths);
        tensor.Span.Fill(value);
        return tensor;
    }

    public static Tensor Ones(params int[] lengths) => Full(1f, lengths);

    public static Tensor Scalar(float value) => new([value], new TensorShape());

    /// <summary>A tensor over a copy of <paramref name="values"/> with the given shape.</summary>
    public static Tensor FromArray(float[] values, params int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(values);
        var shape = new TensorShape(lengths);
        if (values.Length != shape.ElementCount)
        {
            ThrowHelper.ThrowArgument($"{values.Length} values do not fill shape {shape} ({shape.ElementCount} elements).", nameof(values));
        }
        return new Tensor((float[])values.Clone(), shape);
    }

    /// <summary>A zero tensor of the same shape.</summary>
    public Tensor ZerosLike() => new(Shape);

    public override string ToString()
    {
        string name = Name is null ? "" : $" '{Name}'";
        string head = string.Join(", ", Span[..Math.Min(Length, 6)].ToArray().Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)));
        return $"Tensor{name} {Shape} [{head}{(Length > 6 ? ", ..." : "")}]";
    }

    private static void ThrowReleased() =>
        throw new InvalidOperationException("This gradient tensor was released when its tape was disposed (its buffer is reused); read or copy it before disposing the tape.");

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank)
        {
            ThrowHelper.ThrowArgument($"Index of rank {index.Length} into a tensor of shape {Shape}.", nameof(index));
        }
        int flat = 0;
        for (int axis = 0; axis < index.Length; axis++)
        {
            int length = Shape[axis];
            if ((uint)index[axis] >= (uint)length)
            {
                throw new IndexOutOfRangeException($"Index {index[axis]} on axis {axis} of a tensor of shape {Shape}.");
            }
            flat = flat * length + index[axis];
        }
        return flat;
    }

    private void CheckFirstAxisIndex(int start, int length)
    {
        if (Rank == 0)
        {
            ThrowHelper.ThrowArgument("A scalar tensor has no first axis to index.");
        }
        if (start < 0 || length < 0 || start + length > Shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Range [{start}, {start + length}) along the first axis of a tensor of shape {Shape}.");
        }
    }

    private TensorShape InferShape(int[] lengths)
    {
        int inferred = Array.IndexOf(lengths, -1);
        if (inferred >= 0)
        {
            long known = 1;
            for (int i = 0; i < lengths.Length; i++)
            {
                if (i != inferred)
                {
                    known *= lengths[i];
                }
            }
            if (known == 0 || Length % known != 0)
            {
                ThrowHelper.ThrowArgument($"Cannot reshape {Shape} to [{string.Join(", ", lengths)}].", nameof(lengths));
            }
            lengths = (int[])lengths.Clone();
            lengths[inferred] = (int)(Length / known);
        }
        var shape = new TensorShape(lengths);
        if (shape.ElementCount != Length)
        {
            ThrowHelper.ThrowShapeMismatch("Reshape", Shape, shape, nameof(lengths));
        }
        return shape;
    }
}
