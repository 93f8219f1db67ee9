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
    public static void Pack(in Conv2dGeometry g, ReadOnlySpan<float> image, Span<float> columns, int ldc, int offset)
    {
        int outWidth = g.OutWidth;
        int plane = g.OutputPlane;
        int row = 0;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            ReadOnlySpan<float> source = image.Slice(c * g.InputPlane, g.InputPlane);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                int shiftH = ki * g.DilationHeight - g.PaddingHeight;
                (int ohStart, int ohEnd) = ValidRange(g.OutHeight, g.Height, g.StrideHeight, shiftH);
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    int shiftW = kj * g.DilationWidth - g.PaddingWidth;
                    (int owStart, int owEnd) = ValidRange(outWidth, g.Width, g.StrideWidth, shiftW);
                    Span<float> destination = columns.Slice(row * ldc + offset, plane);
                    destination[..(ohStart * outWidth)].Clear();
                    destination[(ohEnd * outWidth)..].Clear();
                    for (int oh = ohStart; oh < ohEnd; oh++)
                    {
                        ReadOnlySpan<float> inputRow = source.Slice((oh * g.StrideHeight + shiftH) * g.Width, g.Width);
                        Span<float> outputRow = destination.Slice(oh * outWidth, outWidth);
                        outputRow[..owStart].Clear();
                        outputRow[owEnd..].Clear();
                        if (g.StrideWidth == 1 && owEnd > owStart)
                        {
                            inputRow.Slice(owStart + shiftW, owEnd - owStart).CopyTo(outputRow[owStart..owEnd]);
                        }
                        else
                        {
                            for (int ow = owStart; ow < owEnd; ow++)
                            {
                                outputRow[ow] = inputRow[ow * g.StrideWidth + shiftW];
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The adjoint of <see cref="Pack"/>: adds every entry of the patch matrix into the pixel of
    /// <paramref name="image"/> it was read from (padding taps are dropped).
    /// </summary>
    public static void UnpackAdd(in Conv2dGeometry g, ReadOnlySpan<float> columns, int ldc, int offset, Span<float> image)
    {
        int outWidth = g.OutWidth;
        int plane = g.OutputPlane;
        int row = 0;
        for (int c = 0; c < g.GroupInChannels; c++)
        {
            Span<float> destination = image.Slice(c * g.InputPlane, g.InputPlane);
            for (int ki = 0; ki < g.KernelHeight; ki++)
            {
                int shiftH = ki * g.DilationHeight - g.PaddingHeight;
                (int ohStart, int ohEnd) = ValidRange(g.OutHeight, g.Height, g.StrideHeight, shiftH);
                for (int kj = 0; kj < g.KernelWidth; kj++, row++)
                {
                    int shiftW = kj * g.DilationWidth - g.PaddingWidth;
                    (int owStart, int owEnd) = ValidRange(outWidth, g.Width, g.StrideWidth, shiftW);
                    ReadOnlySpan<float> source = columns.Slice(row * ldc + offset, plane);
                    for (int oh = ohStart; oh < ohEnd; oh++)
                    {
                        Span<float> imageRow = destination.Slice((oh * g.StrideHeight + shiftH) * g.Width, g.Width);
                        ReadOnlySpan<float> columnRow = source.Slice(oh * outWidth, outWidth);
                        if (g.StrideWidth == 1 && owEnd > owStart)
                        {
                            Span<float> target = imageRow.Slice(owStart + shiftW, owEnd - owStart);
                            System.Numerics.Tensors.TensorPrimitives.Add(target, columnRow[owStart..owEnd], target);
                        }
                        else
                        {
                            for (int ow = owStart; ow < owEnd; ow++)
                            {
                                imageRow[ow * g.StrideWidth + shiftW] += columnRow[ow];
                            }
                        }
                    }
                }
            }
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
