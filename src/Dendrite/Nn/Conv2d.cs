using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>
/// 2-D convolution over [N, C, H, W] images, or time-major [T, B, C, H, W] sequences run as one batch of T·B images.
/// </summary>
/// <remarks>
/// Initialised as PyTorch's <c>nn.Conv2d</c>: the weight [O, C/groups, kH, kW] by Kaiming-uniform with a = √5,
/// which is U(±1/√fan_in), and the bias by U(±1/√fan_in), where fan_in = (C/groups)·kH·kW. The weight is drawn
/// before the bias, both from the generator passed in.
/// </remarks>
public sealed class Conv2d : Module
{
    /// <summary>A square kernel with the same stride, padding and dilation along both axes.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, bool bias = true)
        : this(inChannels, outChannels, (kernelSize, kernelSize), rng, (stride, stride), (padding, padding), (dilation, dilation), groups, bias)
    {
    }

    /// <summary>(height, width) sizes; stride and dilation default to 1, padding to 0.</summary>
    public Conv2d(int inChannels, int outChannels, (int Height, int Width) kernelSize, Rng rng, (int Height, int Width)? stride = null,
        (int Height, int Width)? padding = null, (int Height, int Width)? dilation = null, int groups = 1, bool bias = true)
    {
        ArgumentNullException.ThrowIfNull(rng);
        // Fail here, not at the first forward pass, on bad channels, groups, kernel, stride, padding or dilation.
        _ = new Kernels.Conv2dGeometry(0, inChannels, int.MaxValue / 4, int.MaxValue / 4, outChannels, kernelSize,
            stride ?? (1, 1), padding ?? (0, 0), dilation ?? (1, 1), groups);
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? (1, 1);
        Padding = padding ?? (0, 0);
        Dilation = dilation ?? (1, 1);
        Groups = groups;

        var weight = new Tensor(outChannels, inChannels / groups, kernelSize.Height, kernelSize.Width);
        // PyTorch's reset_parameters: kaiming_uniform_(a=√5) gives the bound √(6 / ((1 + 5)·fan_in)) = 1/√fan_in.
        Init.KaimingUniform(weight, rng, MathF.Sqrt(5f));
        Weight = RegisterParameter("weight", weight);
        if (bias)
        {
            float bound = 1f / MathF.Sqrt(Init.FanIn(weight));
            var biasValue = new Tensor(outChannels);
            Init.Uniform(biasValue, rng, -bound, bound);
            Bias = RegisterParameter("bias", biasValue);
        }
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public (int Height, int Width) KernelSize { get; }

    public (int Height, int Width) Stride { get; }

    public (int Height, int Width) Padding { get; }

    public (int Height, int Width) Dilation { get; }

    public int Groups { get; }

    /// <summary>Shape [out, in/groups, kH, kW].</summary>
    public Parameter Weight { get; }

    /// <summary>Shape [out], or null.</summary>
    public Parameter? Bias { get; }

    public override Tensor Forward(Tensor input) => Ops.Conv2d(input, Weight.Value, Bias?.Value, Stride, Padding, Dilation, Groups);

    public override string ToString() =>
        $"Conv2d({InChannels} → {OutChannels}, kernel {KernelSize.Height}×{KernelSize.Width}, stride {Stride.Height}×{Stride.Width}, " +
        $"padding {Padding.Height}×{Padding.Width}, dilation {Dilation.Height}×{Dilation.Width}, groups {Groups}{(Bias is null ? ", no bias" : "")})";
}
