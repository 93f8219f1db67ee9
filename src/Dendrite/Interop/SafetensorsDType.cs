using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Dendrite.Interop;

/// <summary>
/// Element types of the safetensors format that Dendrite understands, spelled in the file as
/// <c>BOOL</c>, <c>U8</c>, ..., <c>F8_E4M3</c>, ..., <c>BF16</c>.
/// </summary>
/// <remarks>
/// Declared in the order of the reference implementation's enum (increasing alignment). Writers lay
/// tensors out in decreasing order of it so each tensor's data is aligned to its element size.
/// The sub-byte types (<c>F4</c>, <c>F6_*</c>) are not supported.
/// </remarks>
public enum SafetensorsDType
{
    Bool,
    U8,
    I8,
    F8E5M2,
    F8E4M3,
    F8E8M0,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    C64,
    F64,
    I64,
    U64,
}

/// <summary>Names and sizes of <see cref="SafetensorsDType"/> as the file format spells them.</summary>
internal static class SafetensorsDTypeInfo
{
    private static readonly string[] s_names =
    [
        "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16",
        "I32", "U32", "F32", "C64", "F64", "I64", "U64",
    ];

    private static readonly int[] s_sizes = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 8, 8, 8, 8];

    /// <summary>The names accepted in a header, for messages.</summary>
    public static string KnownNames => string.Join(", ", s_names);

    public static string Name(SafetensorsDType dtype) => s_names[(int)dtype];

    /// <summary>Bytes per element.</summary>
    public static int Size(SafetensorsDType dtype) => s_sizes[(int)dtype];

    /// <summary>Parses a header dtype; names are case-sensitive, as in the reference implementation.</summary>
    public static bool TryParse(string name, out SafetensorsDType dtype)
    {
        int index = Array.IndexOf(s_names, name);
        dtype = (SafetensorsDType)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Reverses each element's bytes: little-endian file data on a big-endian machine, and back.</summary>
    public static void SwapBytes(Span<byte> bytes, int elementSize)
    {
        if (elementSize == 1)
        {
            return;
        }
        for (int i = 0; i + elementSize <= bytes.Length; i += elementSize)
        {
            bytes.Slice(i, elementSize).Reverse();
        }
    }

    /// <summary>The bytes of <paramref name="values"/> in little-endian order (a copy only on big-endian machines).</summary>
    public static ReadOnlySpan<byte> LittleEndianBytes<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        if (BitConverter.IsLittleEndian)
        {
            return bytes;
        }
        byte[] copy = bytes.ToArray();
        SwapBytes(copy, Unsafe.SizeOf<T>());
        return copy;
    }
}
