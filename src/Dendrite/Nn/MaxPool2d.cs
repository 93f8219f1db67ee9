using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>2-D max pooling over [N, C, H, W] or time-major [T, B, C, H, W]; PyTorch's <c>nn.MaxPool2d</c> with <c>ceil_mode=False</c>.</summary>
public sealed class MaxPool2d : Module
{
    /// <summary>A square window; <paramref name="stride"/> defaults to the kernel size.</summary>
    public MaxPool2d(int kernelSize, int? stride = null, int padding = 0)
        : this((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding))
    {
    }

    /// <summary>(height, width) sizes; <paramref name="stride"/> defaults to the kernel size, padding to 0.</summary>
    public MaxPool2d((int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding ?? (0, 0);
        // Fail here, not at the first forward pass, on bad sizes.
        _ = new Kernels.Pool2dGeometry(0, 1, int.MaxValue / 4, int.MaxValue / 4, KernelSize, Stride, Padding);
    }

    public (int Height, int Width) KernelSize { get; }

    public (int Height, int Width) Stride { get; }

    public (int Height, int Width) Padding { get; }

    public override Tensor Forward(Tensor input) => Ops.MaxPool2d(input, KernelSize, Stride, Padding);

    public override string ToString() =>
        $"MaxPool2d(kernel {KernelSize.Height}×{KernelSize.Width}, stride {Stride.Height}×{Stride.Width}, padding {Padding.Height}×{Padding.Width})";
}
