using Dendrite.Tensors;

namespace Dendrite.Kernels;

/// <summary>
/// The sizes of a 2-D convolution over NCHW data: input [N, C, H, W], weight [O, C/groups, kH, kW],
/// output [N, O, OH, OW], with OH = ⌊(H + 2·padH − dilH·(kH − 1) − 1) / strideH⌋ + 1 (and likewise OW),
/// as PyTorch's <c>conv2d</c>. Padding is zero padding, symmetric on both sides.
/// </summary>
public readonly struct Conv2dGeometry
{
    /// <summary>Validates the sizes; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public Conv2dGeometry(int batch, int inChannels, int height, int width, int outChannels,
        (int Height, int Width) kernel, (int Height, int Width) stride, (int Height, int Width) padding,
        (int Height, int Width) dilation, int groups)
    {
        if (batch < 0 || inChannels <= 0 || height <= 0 || width <= 0 || outChannels <= 0)
        {
            ThrowHelper.ThrowArgument(
                $"Conv2d needs batch ≥ 0 and positive channels and image sizes; got N={batch}, C={inChannels}, H={height}, W={width}, O={outChannels}.");
        }
        CheckPair("kernel", kernel, 1);
        CheckPair("stride", stride, 1);
        CheckPair("dilation", dilation, 1);
        CheckPair("padding", padding, 0);
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
        {
            ThrowHelper.ThrowArgument(
                $"Conv2d groups={groups} must be positive and divide both the input channels ({inChannels}) and the output channels ({outChannels}).",
                nameof(groups));
        }
        Batch = batch;
        InChannels = inChannels;
        Height = height;
        Width = width;
        OutChannels = outChannels;
        KernelHeight = kernel.Height;
        KernelWidth = kernel.Width;
        StrideHeight = stride.Height;
        StrideWidth = stride.Width;
        PaddingHeight = padding.Height;
        PaddingWidth = padding.Width;
        DilationHeight = dilation.Height;
        DilationWidth = dilation.Width;
        Groups = groups;
        OutHeight = OutputSize(height, kernel.Height, stride.Height, padding.Height, dilation.Height);
        OutWidth = OutputSize(width, kernel.Width, stride.Width, padding.Width, dilation.Width);
        if (OutHeight <= 0 || OutWidth <= 0)
        {
            ThrowHelper.ThrowArgument(
                $"Conv2d: the {height}×{width} input padded by {padding.Height}×{padding.Width} is smaller than the " +
                $"{kernel.Height}×{kernel.Width} kernel dilated by {dilation.Height}×{dilation.Width}; the output would be {OutHeight}×{OutWidth}.");
        }
    }

    public int Batch { get; }

    public int InChannels { get; }

    public int Height { get; }

    public int Width { get; }

    public int OutChannels { get; }

    public int KernelHeight { get; }

    public int KernelWidth { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public int PaddingHeight { get; }

    public int PaddingWidth { get; }

    public int DilationHeight { get; }

    public int DilationWidth { get; }

    public int Groups { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>Input channels per group (the weight's second length).</summary>
    public int GroupInChannels => InChannels / Groups;

    /// <summary>Output channels per group.</summary>
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Length of one column of the im2col matrix: (C/groups)·kH·kW, the fan-in of one output.</summary>
    public int PatchLength => GroupInChannels * KernelHeight * KernelWidth;

    /// <summary>Pixels of one input plane, H·W.</summary>
    public int InputPlane => Height * Width;

    /// <summary>Pixels of one output plane, OH·OW.</summary>
    public int OutputPlane => OutHeight * OutWidth;

    public int InputLength => checked(Batch * InChannels * InputPlane);

    public int WeightLength => checked(OutChannels * PatchLength);

    public int OutputLength => checked(Batch * OutChannels * OutputPlane);

    public TensorShape InputShape => new(Batch, InChannels, Height, Width);

    public TensorShape WeightShape => new(OutChannels, GroupInChannels, KernelHeight, KernelWidth);

    public TensorShape OutputShape => new(Batch, OutChannels, OutHeight, OutWidth);

    /// <summary>
    /// The geometry for an input [N, C, H, W] and a weight [O, C/groups, kH, kW]; the error names both shapes
    /// when they do not fit together.
    /// </summary>
    public static Conv2dGeometry FromShapes(TensorShape input, TensorShape weight, (int Height, int Width) stride,
        (int Height, int Width) padding, (int Height, int Width) dilation, int groups)
    {
        if (input.Rank != 4 || weight.Rank != 4)
        {
            ThrowHelper.ThrowArgument($"Conv2d needs input [N, C, H, W] and weight [O, C/groups, kH, kW]; got input {input} and weight {weight}.");
        }
        if (groups <= 0 || weight[1] * groups != input[1])
        {
            ThrowHelper.ThrowArgument(
                $"Conv2d: input {input} has {input[1]} channels, but weight {weight} with groups={groups} expects {weight[1]}·{groups} = {weight[1] * groups}.");
        }
        if (weight[0] % groups != 0)
        {
            ThrowHelper.ThrowArgument($"Conv2d: weight {weight} has {weight[0]} output channels, not divisible by groups={groups} (input {input}).", nameof(groups));
        }
        return new Conv2dGeometry(input[0], input[1], input[2], input[3], weight[0], (weight[2], weight[3]), stride, padding, dilation, groups);
    }

    public override string ToString() =>
        $"Conv2d(input {InputShape}, weight {WeightShape}, stride {StrideHeight}×{StrideWidth}, padding {PaddingHeight}×{PaddingWidth}, " +
        $"dilation {DilationHeight}×{DilationWidth}, groups {Groups} → output {OutputShape})";

    internal void CheckLengths(int input, int weight, int output)
    {
        CheckLength("input", InputLength, input);
        CheckLength("weight", WeightLength, weight);
        CheckLength("output", OutputLength, output);
    }

    private void CheckLength(string operand, int expected, int actual)
    {
        if (expected != actual)
        {
            ThrowHelper.ThrowArgument($"{this}: {operand} span has {actual} elements; expected {expected}.", operand);
        }
    }

    private static int OutputSize(int size, int kernel, int stride, int padding, int dilation) =>
        (int)Math.Floor((size + 2.0 * padding - dilation * (kernel - 1.0) - 1.0) / stride) + 1;

    private static void CheckPair(string name, (int Height, int Width) value, int minimum)
    {
        if (value.Height < minimum || value.Width < minimum)
        {
            ThrowHelper.ThrowArgument($"Conv2d {name} must be at least {minimum}; got {value.Height}×{value.Width}.", name);
        }
    }
}
