using Dendrite.Autodiff;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Training;

/// <summary>
/// A stack of layers over time-major sequences [T, B, ...], built from a config. It knows which layers are
/// neuron layers, so training can report their activity (spikes, SynOps) and a readout can score the last one.
/// </summary>
public sealed class SpikingNetwork : Module
{
    private readonly List<Module> _layers = [];
    private readonly List<NetworkLayerInfo> _info = [];

    public IReadOnlyList<Module> Layers => _layers;

    /// <summary>Per layer: name, whether it spikes, its width and fan-out (synapses each of its outputs drives).</summary>
    public IReadOnlyList<NetworkLayerInfo> Info => _info;

    internal void Add(Module layer, NetworkLayerInfo info)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        _info.Add(info);
    }

    internal void SetFanOut(int index, long fanOut) => _info[index] = _info[index] with { FanOut = fanOut };

    public override Tensor Forward(Tensor input) => Run(input, null);

    /// <summary>
    /// Runs the sequence and hands every spiking layer's output to <paramref name="observe"/> (layer index, output). The output
    /// is the live tensor on the tape, so activity regularisers can differentiate through it; observers must not modify it.
    /// </summary>
    public Tensor Run(Tensor input, Action<int, Tensor>? observe)
    {
        Tensor x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].Forward(x);
            if (observe is not null && _info[i].Spiking)
            {
                observe(i, x);
            }
        }
        return x;
    }

    /// <summary>
    /// Runs the layers before <paramref name="layer"/>, then that layer step by step, and returns its membrane over time
    /// [T, B, N] (null when it has no neurons). For the report's membrane traces; records no gradients.
    /// </summary>
    public Tensor? Membrane(Tensor input, int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, _layers.Count);
        using NoGradScope noGrad = Tape.NoGrad();
        Tensor x = input;
        for (int i = 0; i < layer; i++)
        {
            x = _layers[i].Forward(x);
        }
        return Reporting.LayerMembrane.Record(_layers[layer], x);
    }

    public override string ToString() =>
        string.Join(" → ", _layers.Select((layer, i) => $"{_info[i].Name}({_info[i].Width})"));
}

/// <summary>What the trainer needs to know about one layer of a <see cref="SpikingNetwork"/>.</summary>
/// <param name="Width">Outputs per step and sample (C·H·W for conv and pool layers).</param>
/// <param name="FanOut">Synapses each output drives in the next synaptic layer (spiking layers; see <see cref="SynapticFanOut"/>).</param>
public sealed record NetworkLayerInfo(string Name, bool Spiking, int Width, long FanOut)
{
    /// <summary>The per-step output shape, [C, H, W] for image layers; null means flat [Width].</summary>
    public IReadOnlyList<int>? Shape { get; init; }

    /// <summary>Synapses one input element of this layer drives (0 for layers without weights: pool, dropout, flatten).</summary>
    public double SynapsesPerInput { get; init; }

    /// <summary>For a layer without weights: how much of its input activity it passes on per input element (1/k² for a k×k pool).</summary>
    public double PassThrough { get; init; } = 1;
}
