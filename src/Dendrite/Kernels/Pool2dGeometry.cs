using Dendrite.Tensors;

namespace Dendrite.Kernels;

/// <summary>
/// The sizes of a 2-D pooling over NCHW data: input [N, C, H, W], output [N, C, OH, OW] with
/// OH = ⌊(H + 2·padH − kH) / strideH⌋ + 1 (and likewise OW), as PyTorch's <c>max_pool2d</c>/<c>avg_pool2d</c>
/// with <c>ceil_mode=False</c> and no dilation.
/// </summary>
public readonly struct Pool2dGeometry
{
    /// <summary>Validates the sizes (padding at most half the kernel, as PyTorch); throws <see cref="ArgumentException"/>.</summary>
    public Pool2dGeometry(int batch, int channels, int height, int width,
        (int Height, int Width) kernel, (int Height, int Width) stride, (int Height, int Width) padding)
    {
        if (batch < 0 || channels <= 0 || height <= 0 || width <= 0)
        {
            ThrowHelper.ThrowArgument($"Pooling needs batch ≥ 0 and positive channels and image sizes; got N={batch}, C={channels}, H={height}, W={width}.");
        }
        if (kernel.Height < 1 || kernel.Width < 1 || stride.Height < 1 || stride.Width < 1)
        {
            ThrowHelper.ThrowArgument($"Pooling kernel and stride must be at least 1; got kernel {kernel.Height}×{kernel.Width}, stride {stride.Height}×{stride.Width}.");
        }
        if (padding.Height < 0 || padding.Width < 0 || 2 * padding.Height > kernel.Height || 2 * padding.Width > kernel.Width)
        {
            // Wider padding would let a window lie wholly in the padding (PyTorch rejects it for the same reason).
            ThrowHelper.ThrowArgument(
                $"Pooling padding {padding.Height}×{padding.Width} must be between 0 and half the kernel {kernel.Height}×{kernel.Width}.", nameof(padding));
        }
        Batch = batch;
        Channels = channels;
        Height = height;
        Width = width;
        KernelHeight = kernel.Height;
        KernelWidth = kernel.Width;
        StrideHeight = stride.Height;
        StrideWidth = stride.Width;
        PaddingHeight = padding.Height;
        PaddingWidth = padding.Width;
        OutHeight = (int)Math.Floor((height + 2.0 * padding.Height - kernel.Height) / stride.Height) + 1;
        OutWidth = (int)Math.Floor((width + 2.0 * padding.Width - kernel.Width) / stride.Width) + 1;
        if (OutHeight <= 0 || OutWidth <= 0)
        {
            ThrowHelper.ThrowArgument(
                $"Pooling: the {height}×{width} input padded by {padding.Height}×{padding.Width} is smaller than the {kernel.Height}×{kernel.Width} kernel.");
        }
    }

    public int Batch { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int KernelHeight { get; }

    public int KernelWidth { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public int PaddingHeight { get; }

    public int PaddingWidth { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Number of independent planes, N·C.</summary>
    public int Planes => checked(Batch * Channels);

    public int InputPlane => Height * Width;

    public int OutputPlane => OutHeight * OutWidth;

    public int InputLength => checked(Planes * InputPlane);

    public int OutputLength => checked(Planes * OutputPlane);

    public TensorShape InputShape => new(Batch, Channels, Height, Width);

    public TensorShape OutputShape => new(Batch, Channels, OutHeight, OutWidth);

    /// <summary>The geometry for an input [N, C, H, W]; the error names the shape when it is not rank 4.</summary>
    public static Pool2dGeometry FromShape(TensorShape input, (int Height, int Width) kernel, (int Height, int Width) stride,
        (int Height, int Width) padding)
    {
        if (input.Rank != 4)
        {
            ThrowHelper.ThrowArgument($"Pooling needs input [N, C, H, W]; got {input}.");
        }
        return new Pool2dGeometry(input[0], input[1], input[2], input[3], kernel, stride, padding);
    }

    public override string ToString() =>
        $"Pool2d(input {InputShape}, kernel {KernelHeight}×{KernelWidth}, stride {StrideHeight}×{StrideWidth}, " +
        $"padding {PaddingHeight}×{PaddingWidth} → output {OutputShape})";

    internal void CheckLengths(int input, int output)
    {
        if (input != InputLength || output != OutputLength)
        {
            ThrowHelper.ThrowArgument($"{this}: spans have {input} input and {output} output elements; expected {InputLength} and {OutputLength}.");
        }
    }

    /// <summary>The window of output (oh, ow) clipped to the input: rows [RowStart, RowEnd), columns [ColumnStart, ColumnEnd).</summary>
    internal (int RowStart, int RowEnd, int ColumnStart, int ColumnEnd) Window(int oh, int ow)
    {
        int rowStart = oh * StrideHeight - PaddingHeight;
        int columnStart = ow * StrideWidth - PaddingWidth;
        return (Math.Max(rowStart, 0), Math.Min(rowStart + KernelHeight, Height),
            Math.Max(columnStart, 0), Math.Min(columnStart + KernelWidth, Width));
    }

    /// <summary>
    /// The divisor of average pooling at (oh, ow): with <paramref name="countIncludePad"/> the window clipped to the
    /// padded input (PyTorch's default; the full kH·kW without ceil mode), else the number of real input pixels.
    /// </summary>
    internal int AverageDivisor(int oh, int ow, bool countIncludePad)
    {
        int rowStart = oh * StrideHeight - PaddingHeight;
        int columnStart = ow * StrideWidth - PaddingWidth;
        if (countIncludePad)
        {
            int rowEnd = Math.Min(rowStart + KernelHeight, Height + PaddingHeight);
            int columnEnd = Math.Min(columnStart + KernelWidth, Width + PaddingWidth);
            return (rowEnd - rowStart) * (columnEnd - columnStart);
        }
        (int r0, int r1, int c0, int c1) = Window(oh, ow);
        return (r1 - r0) * (c1 - c0);
    }
}
