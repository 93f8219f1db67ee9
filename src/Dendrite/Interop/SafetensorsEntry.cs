using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Dendrite.Tensors;

namespace Dendrite.Interop;

/// <summary>One tensor read from a safetensors file: its name, dtype, shape and raw little-endian bytes.</summary>
/// <remarks>
/// Conversions check what they are asked for and throw <see cref="CheckpointFormatException"/> naming the
/// file and tensor when the dtype, shape or a value does not fit; nothing is silently rounded except
/// float64 to float32.
/// </remarks>
public sealed class SafetensorsEntry
{
    private readonly long[] _shape;
    private readonly byte[] _data;

    internal SafetensorsEntry(string source, string name, SafetensorsDType dtype, long[] shape, byte[] data)
    {
        Source = source;
        Name = name;
        DType = dtype;
        _shape = shape;
        _data = data;
        long count = 1;
        foreach (long length in shape)
        {
            // The header check bounded count × element size by the data length, so this cannot overflow.
            count *= length;
        }
        ElementCount = count;
    }

    /// <summary>The file path or stream name this entry was read from.</summary>
    public string Source { get; }

    public string Name { get; }

    public SafetensorsDType DType { get; }

    /// <summary>The shape as stored; empty for a scalar.</summary>
    public ReadOnlySpan<long> Shape => _shape;

    public long ElementCount { get; }

    /// <summary>The raw element bytes, little-endian, row-major.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>True when <see cref="ToTensor"/> and <see cref="CopyTo"/> accept this dtype.</summary>
    /// <remarks>
    /// Floating types (F32, F16, BF16, F64) and the integer types whose every value is exact in float32
    /// (BOOL, U8, I8, U16, I16). Wider integers are read with <see cref="ToInt64Array"/> or <see cref="ToUInt64Array"/>.
    /// </remarks>
    public bool IsFloatConvertible => DType is SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64
        or SafetensorsDType.Bool or SafetensorsDType.U8 or SafetensorsDType.I8 or SafetensorsDType.U16 or SafetensorsDType.I16;

    /// <summary>True for the integer dtypes that <see cref="ToInt64Array"/> and <see cref="ToUInt64Array"/> read.</summary>
    public bool IsInteger => DType is SafetensorsDType.Bool or SafetensorsDType.U8 or SafetensorsDType.I8 or SafetensorsDType.U16
        or SafetensorsDType.I16 or SafetensorsDType.U32 or SafetensorsDType.I32 or SafetensorsDType.U64 or SafetensorsDType.I64;

    /// <summary>A new float32 tensor with this entry's shape and values, named after the entry.</summary>
    /// <exception cref="CheckpointFormatException">The dtype cannot be converted, or a dimension exceeds what a <see cref="Tensor"/> holds.</exception>
    public Tensor ToTensor()
    {
        var tensor = new Tensor(ToTensorShape()) { Name = Name };
        ConvertInto(tensor.Span);
        return tensor;
    }

    /// <summary>Converts the values into <paramref name="destination"/>, whose shape must equal this entry's.</summary>
    /// <exception cref="CheckpointFormatException">The shapes differ or the dtype cannot be converted.</exception>
    public void CopyTo(Tensor destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckCopyTo(destination);
        ConvertInto(destination.Span);
    }

    /// <summary>The values of an integer tensor (any of BOOL, U8, I8, U16, I16, U32, I32, U64, I64).</summary>
    /// <exception cref="CheckpointFormatException">The dtype is not an integer type, or a U64 value exceeds <see cref="long.MaxValue"/>.</exception>
    public long[] ToInt64Array()
    {
        if (!IsInteger)
        {
            throw NotInteger(nameof(ToInt64Array));
        }
        long[] values = AllocateValues<long>();
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = DType switch
            {
                SafetensorsDType.Bool or SafetensorsDType.U8 => _data[i],
                SafetensorsDType.I8 => (sbyte)_data[i],
                SafetensorsDType.U16 => BinaryPrimitives.ReadUInt16LittleEndian(_data.AsSpan(2 * i)),
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(_data.AsSpan(2 * i)),
                SafetensorsDType.U32 => BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan(4 * i)),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(_data.AsSpan(4 * i)),
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(8 * i)),
                SafetensorsDType.U64 => CheckedInt64(BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(8 * i)), i),
                _ => throw NotInteger(nameof(ToInt64Array)),
            };
        }
        return values;
    }

    /// <summary>The values of an integer tensor as unsigned 64-bit integers.</summary>
    /// <exception cref="CheckpointFormatException">The dtype is not an integer type, or a signed value is negative.</exception>
    public ulong[] ToUInt64Array()
    {
        if (!IsInteger)
        {
            throw NotInteger(nameof(ToUInt64Array));
        }
        if (DType == SafetensorsDType.U64)
        {
            ulong[] raw = AllocateValues<ulong>();
            for (int i = 0; i < raw.Length; i++)
            {
                raw[i] = BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(8 * i));
            }
            return raw;
        }
        long[] signed = ToInt64Array();
        var values = new ulong[signed.Length];
        for (int i = 0; i < signed.Length; i++)
        {
            if (signed[i] < 0)
            {
                throw Error($"element {i} is {signed[i]}, which does not fit an unsigned 64-bit integer.");
            }
            values[i] = (ulong)signed[i];
        }
        return values;
    }

    public override string ToString() => $"{Name}: {SafetensorsDTypeInfo.Name(DType)} {SafetensorsHeader.FormatShape(_shape)}";

    /// <summary>Throws unless <see cref="CopyTo"/> would succeed; used to validate a whole set before copying any.</summary>
    internal void CheckCopyTo(Tensor destination)
    {
        ReadOnlySpan<int> target = destination.Shape.Lengths;
        bool same = target.Length == _shape.Length;
        for (int axis = 0; same && axis < target.Length; axis++)
        {
            same = target[axis] == _shape[axis];
        }
        if (!same)
        {
            throw Error($"shape mismatch: the target tensor has shape {destination.Shape}, the file has {SafetensorsHeader.FormatShape(_shape)} " +
                $"(dtype {SafetensorsDTypeInfo.Name(DType)}).");
        }
        CheckFloatConvertible();
    }

    private TensorShape ToTensorShape()
    {
        var lengths = new int[_shape.Length];
        for (int axis = 0; axis < lengths.Length; axis++)
        {
            if (_shape[axis] > Array.MaxLength)
            {
                throw Error($"shape {SafetensorsHeader.FormatShape(_shape)} has a length above {Array.MaxLength}, more than a Dendrite tensor can hold.");
            }
            lengths[axis] = (int)_shape[axis];
        }
        CheckFloatConvertible();
        return new TensorShape(lengths);
    }

    private void ConvertInto(Span<float> destination)
    {
        ReadOnlySpan<byte> data = _data;
        switch (DType)
        {
            case SafetensorsDType.F32:
                data.CopyTo(MemoryMarshal.AsBytes(destination));
                if (!BitConverter.IsLittleEndian)
                {
                    SafetensorsDTypeInfo.SwapBytes(MemoryMarshal.AsBytes(destination), sizeof(float));
                }
                break;
            case SafetensorsDType.F64:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                }
                break;
            case SafetensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(2 * i)..]);
                }
                break;
            case SafetensorsDType.BF16:
                // bfloat16 is the top half of a float32, so widening is exact (NaN payloads included).
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]) << 16);
                }
                break;
            case SafetensorsDType.Bool:
            case SafetensorsDType.U8:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = data[i];
                }
                break;
            case SafetensorsDType.I8:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (sbyte)data[i];
                }
                break;
            case SafetensorsDType.U16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * i)..]);
                }
                break;
            case SafetensorsDType.I16:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
                }
                break;
            default:
                throw NotFloatConvertible();
        }
    }

    private void CheckFloatConvertible()
    {
        if (!IsFloatConvertible)
        {
            throw NotFloatConvertible();
        }
    }

    private T[] AllocateValues<T>()
    {
        // Data length is bounded by Array.MaxLength, and every integer type is at least one byte.
        return ElementCount == 0 ? [] : new T[ElementCount];
    }

    private long CheckedInt64(ulong value, int index)
    {
        if (value > long.MaxValue)
        {
            throw Error($"element {index} is {value}, which does not fit a signed 64-bit integer; use ToUInt64Array.");
        }
        return (long)value;
    }

    private CheckpointFormatException NotFloatConvertible()
    {
        string hint = DType is SafetensorsDType.I32 or SafetensorsDType.U32 or SafetensorsDType.I64 or SafetensorsDType.U64
            ? " Its values may not be exact in float32; read it with ToInt64Array or ToUInt64Array."
            : "";
        return Error($"dtype {SafetensorsDTypeInfo.Name(DType)} cannot be read as a float32 tensor; expected F32, F16, BF16, F64, BOOL, U8, I8, U16 or I16.{hint}");
    }

    private CheckpointFormatException NotInteger(string method) =>
        Error($"dtype {SafetensorsDTypeInfo.Name(DType)} is not an integer type, so {method} cannot read it.");

    private CheckpointFormatException Error(string detail) => new(Source, Name, detail);
}
