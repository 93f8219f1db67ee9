using System.Runtime.Intrinsics;

namespace Dendrite.Kernels;

/// <summary>
/// The im2col transform of one sample's group of channels, and its adjoint. Column p of the matrix is the
/// receptive field of output pixel p; row r = (c, ki, kj) holds input channel c shifted by kernel tap (ki, kj),
/// with zeros where the tap falls into the padding. A convolution is then one GEMM: weight [O, rows] · columns.
/// </summary>
internal static class Im2Col
{
    /// <summary>
    /// Writes the patch matrix of <paramref name="image"/> [C/groups, H, W] into rows of <paramref name="columns"/>
    /// with leading dimension <paramref name="ldc"/>, at column offset <paramref name="offset"/> (OH·OW columns).
    /// </summary>
    /// <remarks>
    /// Small images make the row segments short (8 floats for a 12×12 input and a 5×5 kernel), so the lengths are
    /// checked once here and the segments copied through pointers: per-segment span slicing and memmove calls
    /// used to cost several times the GEMM they feed.
    /// </remarks>
    public static unsafe void Pack(in Conv2dGeometry g, ReadOnlySpan<float> image, Span<float> columns, int ldc, int offset)
    {
        CheckPackLengths(g, image.Length, columns.Length, ldc, offset);
        // Geometry in locals: stores through the column pointer could alias the struct behind `in g`, so the JIT
        // would reload every field after every store.
        int outHeight = g.OutHeight, outWidth = g.OutWidth, plane = g.OutputPlane;
        int height = g.Height, width = g.Width, inputPlane = g.InputPlane;
        int strideHeight = g.StrideHeight, strideWidth = g.StrideWidth;
        int kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth, channels = g.GroupInChannels;
        fixed (float* imagePointer = image, columnsPointer = columns)
        {
            float* destination = columnsPointer + offset;
            for (int c = 0; c < channels; c++)
            {
                float* source = imagePointer + (nint)c * inputPlane;
                for (int ki = 0; ki < kernelHeight; ki++)
                {
                    int shiftH = ki * g.DilationHeight - g.PaddingHeight;
                    (int ohStart, int ohEnd) = ValidRange(outHeight, height, strideHeight, shiftH);
                    for (int kj = 0; kj < kernelWidth; kj++, destination += ldc)
                    {
                        int shiftW = kj * g.DilationWidth - g.PaddingWidth;
                        (int owStart, int owEnd) = ValidRange(outWidth, width, strideWidth, shiftW);
                        new Span<float>(destination, ohStart * outWidth).Clear();
                        new Span<float>(destination + ohEnd * outWidth, plane - ohEnd * outWidth).Clear();
                        for (int oh = ohStart; oh < ohEnd; oh++)
                        {
                            float* inputRow = source + (nint)(oh * strideHeight + shiftH) * width;
                            float* outputRow = destination + oh * outWidth;
                            for (int ow = 0; ow < owStart; ow++)
                            {
                                outputRow[ow] = 0f;
                            }
                            for (int ow = owEnd; ow < outWidth; ow++)
                            {
                                outputRow[ow] = 0f;
                            }
                            if (strideWidth == 1)
                            {
                                CopyRow(inputRow + owStart + shiftW, outputRow + owStart, owEnd - owStart);
                            }
                            else
                            {
                                for (int ow = owStart; ow < owEnd; ow++)
                                {
                                    outputRow[ow] = inputRow[ow * strideWidth + shiftW];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // Eight floats at a time, then the tail: the segments are too short for a memmove call to pay.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRow(float* source, float* destination, int count)
    {
        int i = 0;
        for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256.Store(Vector256.Load(source + i), destination + i);
        }
        for (; i < count; i++)
        {
            destination[i] = source[i];
        }
    }

    private static void CheckPackLengths(in Conv2dGeometry g, int imageLength, int columnsLength, int ldc, int offset)
    {
        long needed = (long)(g.PatchLength - 1) * ldc + offset + g.OutputPlane;
        if (imageLength < g.GroupInChannels * g.InputPlane || offset < 0 || ldc < offset + g.OutputPlane || columnsLength < needed)
        {
            ThrowHelper.ThrowArgument(
                $"{g}: im2col of a {imageLength}-element image into {columnsLength} columns (ldc {ldc}, offset {offset}) needs " +
                $"{g.GroupInChannels * g.InputPlane} image and {needed} column elements.");
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Pack"/>: adds every entry of the patch matrix into the pixel of
    /// <paramref name="image"/> it was read from (padding taps are dropped).
    /// </summary>
    public static unsafe void UnpackAdd(in Conv2dGeometry g, ReadOnlySpan<float> columns, int ldc, int offset, Span<float> image)
    {
        CheckPackLengths(g, image.Length, columns.Length, ldc, offset);
        // Locals and pointers for the reasons given in Pack; each sum is one addition, as TensorPrimitives.Add's.
        int outHeight = g.OutHeight, outWidth = g.OutWidth;
        int height = g.Height, width = g.Width, inputPlane = g.InputPlane;
        int strideHeight = g.StrideHeight, strideWidth = g.StrideWidth;
        int kernelHeight = g.KernelHeight, kernelWidth = g.KernelWidth, channels = g.GroupInChannels;
        fixed (float* imagePointer = image, columnsPointer = columns)
        {
            float* source = columnsPointer + offset;
            for (int c = 0; c < channels; c++)
            {
                float* destination = imagePointer + (nint)c * inputPlane;
                for (int ki = 0; ki < kernelHeight; ki++)
                {
                    int shiftH = ki * g.DilationHeight - g.PaddingHeight;
                    (int ohStart, int ohEnd) = ValidRange(outHeight, height, strideHeight, shiftH);
                    for (int kj = 0; kj < kernelWidth; kj++, source += ldc)
                    {
                        int shiftW = kj * g.DilationWidth - g.PaddingWidth;
                        (int owStart, int owEnd) = ValidRange(outWidth, width, strideWidth, shiftW);
                        for (int oh = ohStart; oh < ohEnd; oh++)
                        {
                            float* imageRow = destination + (nint)(oh * strideHeight + shiftH) * width;
                            float* columnRow = source + oh * outWidth;
                            if (strideWidth == 1)
                            {
                                AddRow(columnRow + owStart, imageRow + owStart + shiftW, owEnd - owStart);
                            }
                            else
                            {
                                for (int ow = owStart; ow < owEnd; ow++)
                                {
                                    imageRow[ow * strideWidth + shiftW] += columnRow[ow];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // destination[i] += source[i], eight at a time, then the tail.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddRow(float* source, float* destination, int count)
    {
        int i = 0;
        for (; i <= count - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256.Store(Vector256.Load(destination + i) + Vector256.Load(source + i), destination + i);
        }
        for (; i < count; i++)
        {
            destination[i] += source[i];
        }
    }

    /// <summary>The output positions o in [Start, End) whose input position o·stride + shift lies in [0, size).</summary>
    internal static (int Start, int End) ValidRange(int outLength, int size, int stride, int shift)
    {
        int start = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
        int last = size - 1 - shift;
        int end = last < 0 ? 0 : Math.Min(outLength, last / stride + 1);
        start = Math.Min(start, outLength);
        return (start, Math.Max(start, end));
    }
}
