using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Neurons;

/// <summary>
/// A spiking counterpart of a convolution layer: applies a spatial module (a conv2d, any [N, C, H, W] → [N, C', H', W'] map)
/// to every frame of a time-major [T, B, C, H, W] input in one call, then LIF neurons (one per output element) over time.
/// Output [T, B, C', H', W'] spikes.
/// </summary>
/// <remarks>
/// All T·B frames go through the spatial module at once (one GEMM-backed call), and the LIF recurrence over all output
/// elements is one fused node. β and θ are shared by the layer (scalars; learnable on request through <see cref="LifParameters"/>).
/// Written against any module so it works with the library's Conv2d (<c>Ops.Conv2d</c>) as soon as that is available.
/// </remarks>
public sealed class SpikingConvolution : Module
{
    private readonly Module _spatial;
    private readonly Tensor _beta;
    private readonly Tensor _threshold;

    public SpikingConvolution(Module spatial, LifParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(spatial);
        _spatial = RegisterModule("spatial", spatial);
        Config = parameters ?? new LifParameters();
        _beta = Config.LearnBeta ? RegisterParameter("beta", Tensor.Full((float)Config.Beta, 1)).Value : RegisterBuffer("beta", Tensor.Full((float)Config.Beta, 1));
        _threshold = Config.LearnThreshold
            ? RegisterParameter("threshold", Tensor.Full((float)Config.Threshold, 1)).Value
            : RegisterBuffer("threshold", Tensor.Full((float)Config.Threshold, 1));
    }

    public LifParameters Config { get; }

    public SpikeFunctionMode Mode { get; set; } = SpikeFunctionMode.Heaviside;

    /// <summary>Truncated BPTT: cut the gradient through time every this many steps (0: never).</summary>
    public int Truncation { get; set; }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 5)
        {
            ThrowHelper.ThrowArgument($"SpikingConvolution expects [T, B, C, H, W]; got {input.Shape}.", nameof(input));
        }
        int steps = input.Shape[0];
        int batch = input.Shape[1];
        Tensor frames = _spatial.Forward(input.Reshape(steps * batch, input.Shape[2], input.Shape[3], input.Shape[4]));
        if (frames.Rank != 4 || frames.Shape[0] != steps * batch)
        {
            ThrowHelper.ThrowArgument($"The spatial module must map [N, C, H, W] to [N, C', H', W']; it returned {frames.Shape}.", nameof(input));
        }
        Tensor currents = frames.Reshape(steps, batch, -1);
        (Tensor spikes, _) = NeuronOps.Sequence(new LifModel(Config, Mode), currents, [_beta, _threshold], truncation: Truncation);
        return spikes.Reshape(steps, batch, frames.Shape[1], frames.Shape[2], frames.Shape[3]);
    }

    public override string ToString() => $"SpikingConvolution({_spatial} + LIF over time)";
}
