using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>
/// 2-D average pooling over [N, C, H, W] or time-major [T, B, C, H, W]; PyTorch's <c>nn.AvgPool2d</c> with
/// <c>ceil_mode=False</c>. By default the padding counts in the divisor (<c>count_include_pad=True</c>).
/// </summary>
public sealed class AvgPool2d : Module
{
    /// <summary>A square window; <paramref name="stride"/> defaults to the kernel size.</summary>
    public AvgPool2d(int kernelSize, int? stride = null, int padding = 0, bool countIncludePad = true)
        : this((kernelSize, kernelSize), stride is int s ? (s, s) : null, (padding, padding), countIncludePad)
    {
    }

    /// <summary>(height, width) sizes; <paramref name="stride"/> defaults to the kernel size, padding to 0.</summary>
    public AvgPool2d((int Height, int Width) kernelSize, (int Height, int Width)? stride = null, (int Height, int Width)? padding = null,
        bool countIncludePad = true)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding ?? (0, 0);
        CountIncludePad = countIncludePad;
        // Fail here, not at the first forward pass, on bad sizes.
        _ = new Kernels.Pool2dGeometry(0, 1, int.MaxValue / 4, int.MaxValue / 4, KernelSize, Stride, Padding);
    }

    public (int Height, int Width) KernelSize { get; }

    public (int Height, int Width) Stride { get; }

    public (int Height, int Width) Padding { get; }

    /// <summary>True when padded positions count in the divisor (PyTorch's default).</summary>
    public bool CountIncludePad { get; }

    public override Tensor Forward(Tensor input) => Ops.AvgPool2d(input, KernelSize, Stride, Padding, CountIncludePad);

    public override string ToString() =>
        $"AvgPool2d(kernel {KernelSize.Height}×{KernelSize.Width}, stride {Stride.Height}×{Stride.Width}, padding {Padding.Height}×{Padding.Width}" +
        $"{(CountIncludePad ? "" : ", padding not counted")})";
}
