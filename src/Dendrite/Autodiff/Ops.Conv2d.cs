using Dendrite.Kernels;
using Dendrite.Tensors;
using Conv2dKernel = Dendrite.Kernels.Conv2d;

namespace Dendrite.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch's <c>conv2d</c>) of x [N, C, H, W] with weight
    /// [O, C/groups, kH, kW] and an optional bias [O]; result [N, O, OH, OW]. A time-major x [T, B, C, H, W]
    /// is convolved as one batch of T·B images and the result is [T, B, O, OH, OW].
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit together (the message names both) or a size is invalid.</exception>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1) =>
        Conv2d(x, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    /// <summary>2-D convolution with separate (height, width) stride, padding and dilation; see the square overload.</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, (int Height, int Width) stride, (int Height, int Width) padding,
        (int Height, int Width) dilation, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        CheckConvShapes(x.Shape, weight.Shape, bias?.Shape, groups);
        (Tensor input, int steps) = FoldTimeIntoBatch("Conv2d", x);
        var geometry = Conv2dGeometry.FromShapes(input.Shape, weight.Shape, stride, padding, dilation, groups);
        var y = new Tensor(geometry.OutputShape);
        Conv2dKernel.Forward(geometry, input.Span, weight.Span, bias is null ? default : bias.Span, y.Span);
        if (Tape.IsRecording([input, weight, bias]))
        {
            Tape.Record("Conv2d", y, g =>
            {
                if (input.RequiresGrad)
                {
                    Conv2dKernel.BackwardInput(geometry, g.Span, weight.Span, input.GradOrZeros().Span);
                }
                if (weight.RequiresGrad)
                {
                    Conv2dKernel.BackwardWeight(geometry, g.Span, input.Span, weight.GradOrZeros().Span);
                }
                if (bias is not null && bias.RequiresGrad)
                {
                    Conv2dKernel.BackwardBias(geometry, g.Span, bias.GradOrZeros().Span);
                }
            });
        }
        return UnfoldTime(y, x, steps);
    }

    /// <summary>
    /// Views a rank-5 time-major [T, B, C, H, W] tensor as [T·B, C, H, W] (spiking conv layers run all steps as one
    /// batch); a rank-4 tensor passes through with 0 steps. Other ranks are an error naming the shape.
    /// </summary>
    internal static (Tensor Images, int Steps) FoldTimeIntoBatch(string operation, Tensor x)
    {
        if (x.Rank == 4)
        {
            return (x, 0);
        }
        if (x.Rank != 5)
        {
            ThrowHelper.ThrowArgument($"{operation} needs input [N, C, H, W] or time-major [T, B, C, H, W]; got {x.Shape}.", nameof(x));
        }
        // A reshaped view shares values and gradient with x, so no copy and no extra tape node.
        return (x.Reshape(x.Shape[0] * x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]), x.Shape[0]);
    }

    /// <summary>Views an [N, ...] result as [T, B, ...] when the input was time-major (steps &gt; 0).</summary>
    internal static Tensor UnfoldTime(Tensor y, Tensor x, int steps) =>
        steps == 0 ? y : y.Reshape([steps, x.Shape[1], .. y.Shape.Lengths[1..]]);

    private static void CheckConvShapes(TensorShape x, TensorShape weight, TensorShape? bias, int groups)
    {
        if ((x.Rank != 4 && x.Rank != 5) || weight.Rank != 4)
        {
            ThrowHelper.ThrowArgument(
                $"Conv2d needs input [N, C, H, W] or [T, B, C, H, W] and weight [O, C/groups, kH, kW]; got input {x} and weight {weight}.");
        }
        int channels = x[-3];
        if (groups <= 0 || weight[1] * groups != channels)
        {
            ThrowHelper.ThrowArgument(
                $"Conv2d: input {x} has {channels} channels, but weight {weight} with groups={groups} expects {weight[1]}·{groups} = {weight[1] * groups}.",
                nameof(weight));
        }
        if (bias is TensorShape b && (b.Rank != 1 || b[0] != weight[0]))
        {
            ThrowHelper.ThrowArgument($"Conv2d: bias {b} must be [{weight[0]}], one per output channel of weight {weight}.", nameof(bias));
        }
    }
}
