using Dendrite.Kernels;
using Dendrite.Tensors;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// 2-D max pooling of x [N, C, H, W] (or time-major [T, B, C, H, W]) as PyTorch's <c>max_pool2d</c>
    /// (<c>ceil_mode=False</c>): padding never wins, and the gradient goes to the first maximum of each window.
    /// <paramref name="stride"/> defaults to the kernel size.
    /// </summary>
    public static Tensor MaxPool2d(Tensor x, int kernelSize, int? stride = null, int padding = 0) =>
        MaxPool2d(x, (kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding));

    /// <summary>2-D max pooling with separate (height, width) sizes; <paramref name="stride"/> null means the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor x, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding)
    {
        ArgumentNullException.ThrowIfNull(x);
        (Tensor input, int steps) = FoldTimeIntoBatch("MaxPool2d", x);
        var geometry = Pool2dGeometry.FromShape(input.Shape, kernelSize, stride ?? kernelSize, padding);
        var y = new Tensor(geometry.OutputShape);
        var winners = new int[geometry.OutputLength];
        Pooling2d.MaxForward(geometry, input.Span, y.Span, winners);
        if (Tape.IsRecording(input))
        {
            Tape.Record("MaxPool2d", y, g => Pooling2d.MaxBackward(geometry, g.Span, winners, input.GradOrZeros().Span));
        }
        return UnfoldTime(y, x, steps);
    }

    /// <summary>
    /// 2-D average pooling of x [N, C, H, W] (or time-major [T, B, C, H, W]) as PyTorch's <c>avg_pool2d</c>
    /// (<c>ceil_mode=False</c>). With <paramref name="countIncludePad"/> (the default) the padding counts in the
    /// divisor. <paramref name="stride"/> defaults to the kernel size.
    /// </summary>
    public static Tensor AvgPool2d(Tensor x, int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true) =>
        AvgPool2d(x, (kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), countIncludePad);

    /// <summary>2-D average pooling with separate (height, width) sizes; <paramref name="stride"/> null means the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor x, (int Height, int Width) kernelSize, (int Height, int Width)? stride, (int Height, int Width) padding,
        bool countIncludePad = true)
    {
        ArgumentNullException.ThrowIfNull(x);
        (Tensor input, int steps) = FoldTimeIntoBatch("AvgPool2d", x);
        var geometry = Pool2dGeometry.FromShape(input.Shape, kernelSize, stride ?? kernelSize, padding);
        var y = new Tensor(geometry.OutputShape);
        Pooling2d.AvgForward(geometry, input.Span, y.Span, countIncludePad);
        if (Tape.IsRecording(input))
        {
            Tape.Record("AvgPool2d", y, g => Pooling2d.AvgBackward(geometry, g.Span, input.GradOrZeros().Span, countIncludePad));
        }
        return UnfoldTime(y, x, steps);
    }
}
