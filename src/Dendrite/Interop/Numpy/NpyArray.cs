using System.Buffers.Binary;
using Dendrite.Tensors;

namespace Dendrite.Interop.Numpy;

/// <summary>
/// An n-dimensional array as NumPy stores it: a shape, an element type and the raw little-endian bytes (C order).
/// </summary>
public sealed class NpyArray
{
    public NpyArray(NpyDataType dataType, int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int length in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(length, nameof(shape));
            count *= length;
        }
        if (count * NpyDataTypes.Size(dataType) != data.Length)
        {
            ThrowHelper.ThrowArgument(
                $"An array of shape ({string.Join(", ", shape)}) and type {dataType} needs {count * NpyDataTypes.Size(dataType)} bytes; got {data.Length}.",
                nameof(data));
        }
        DataType = dataType;
        Shape = (int[])shape.Clone();
        Data = data;
        Count = count;
    }

    public NpyDataType DataType { get; }

    public int[] Shape { get; }

    /// <summary>The elements' bytes, little-endian, C order.</summary>
    public byte[] Data { get; }

    public long Count { get; }

    /// <summary>A float32 array with the tensor's shape and values.</summary>
    public static NpyArray FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var data = new byte[tensor.Length * 4];
        ReadOnlySpan<float> values = tensor.Span;
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * 4), values[i]);
        }
        return new NpyArray(NpyDataType.Float32, tensor.Shape.ToArray(), data);
    }

    /// <summary>A 1-D int64 array (labels, indices).</summary>
    public static NpyArray FromInt64(ReadOnlySpan<long> values, params int[] shape)
    {
        var data = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), values[i]);
        }
        return new NpyArray(NpyDataType.Int64, shape.Length == 0 ? [values.Length] : shape, data);
    }

    /// <summary>The values converted to float32 (booleans as 0/1), as a tensor of the same shape.</summary>
    public Tensor ToTensor()
    {
        var tensor = new Tensor(Shape);
        Span<float> destination = tensor.Span;
        ReadOnlySpan<byte> bytes = Data;
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)ElementAsDouble(bytes, i);
        }
        return tensor;
    }

    /// <summary>Element <paramref name="index"/> (flat, C order) as a double.</summary>
    public double ElementAsDouble(long index) => ElementAsDouble(Data, (int)index);

    private double ElementAsDouble(ReadOnlySpan<byte> bytes, int i) => DataType switch
    {
        NpyDataType.Bool => bytes[i] != 0 ? 1 : 0,
        NpyDataType.Int8 => (sbyte)bytes[i],
        NpyDataType.UInt8 => bytes[i],
        NpyDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]),
        NpyDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
        NpyDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
        NpyDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
        NpyDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
        NpyDataType.UInt64 => BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]),
        NpyDataType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]),
    };
}
