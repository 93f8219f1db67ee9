using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Training;

/// <summary>
/// The first conv layer of a network fed the same image at every step (direct input): when all T frames of a batch are
/// equal it convolves frame 0 alone ([B, C, H, W], T times less work forward and for the weight gradient) and repeats
/// the result over time; any other input runs all T·B frames as one batch, as <see cref="Conv2d"/> does.
/// </summary>
internal sealed class StaticInputConv2d : Module
{
    public StaticInputConv2d(Conv2d conv)
    {
        ArgumentNullException.ThrowIfNull(conv);
        Conv = conv;
        // The conv's tensors under the conv's own names, so checkpoints read the same as a plain conv layer's.
        RegisterParameter("weight", conv.Weight.Value);
        if (conv.Bias is not null)
        {
            RegisterParameter("bias", conv.Bias.Value);
        }
    }

    public Conv2d Conv { get; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5 || !FramesEqual(input))
        {
            return Conv.Forward(input);
        }
        Tensor frame = Conv.Forward(input[0]);
        // Stack's backward adds each step's gradient into the one frame, as the T separate convolutions would.
        return Ops.Stack(Enumerable.Repeat(frame, input.Shape[0]).ToArray());
    }

    private static bool FramesEqual(Tensor input)
    {
        ReadOnlySpan<float> values = input.Span;
        int frame = input.Length / input.Shape[0];
        ReadOnlySpan<float> first = values[..frame];
        for (int t = 1; t < input.Shape[0]; t++)
        {
            if (!first.SequenceEqual(values.Slice(t * frame, frame)))
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => $"StaticInputConv2d({Conv})";
}
