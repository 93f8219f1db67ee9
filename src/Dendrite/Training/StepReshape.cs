using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Training;

/// <summary>
/// Views each step of a time-major sequence [T, B, ...] as another shape: <c>flatten</c> ([T, B, C, H, W] → [T, B, C·H·W]),
/// and the image view [T, B, F] → [T, B, C, H, W] a conv layer needs after flat inputs. A view: no copy, no tape node.
/// </summary>
internal sealed class StepReshape(IReadOnlyList<int> shape) : Module
{
    private readonly int[] _shape = [.. shape];

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int[] lengths = [input.Shape[0], input.Shape[1], .. _shape];
        return input.Reshape(lengths);
    }

    public override string ToString() => $"StepReshape([{string.Join(", ", _shape)}])";
}
