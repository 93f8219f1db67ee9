namespace Dendrite.Training.Config;

/// <summary>The <c>model:</c> section: input shape, the layer stack, readout and default surrogate.</summary>
public sealed record ModelConfig
{
    /// <summary><c>input</c>: the per-step input shape, e.g. <c>784</c> or <c>[2, 34, 34]</c>.
    /// Default null: taken from the dataset.</summary>
    public IReadOnlyList<int>? InputShape { get; init; }

    /// <summary><c>layers</c> (required, non-empty): applied in order at every time step.</summary>
    public required IReadOnlyList<LayerConfig> Layers { get; init; }

    /// <summary><c>readout</c>: how the last layer's activity over time becomes class scores.
    /// Default <c>spike_count</c> (snnTorch's rate-coded output).</summary>
    public ReadoutKind Readout { get; init; } = ReadoutKind.SpikeCount;

    /// <summary><c>readout_skip</c>: leading steps left out of the readout (Yin et al. sum over t &gt; 10). Default 0.</summary>
    public int ReadoutSkip { get; init; }

    /// <summary><c>surrogate</c>: the default surrogate for every spiking layer. Default atan, scale 2 (snnTorch's default).</summary>
    public SurrogateConfig Surrogate { get; init; } = new(SurrogateKind.Atan, 2.0);
}

/// <summary>
/// A surrogate gradient: written as <c>surrogate: fast_sigmoid</c> or <c>surrogate: {name: fast_sigmoid, scale: 25}</c>.
/// </summary>
/// <param name="Kind">The shape (neurons.md §5).</param>
/// <param name="Scale">The shape's own parameter: slope k for fast_sigmoid (25) and sigmoid (25), α for atan (2),
/// height γ for triangle (0.3, Norse; BRF uses 1, EvNN 0.7), multi_gaussian and double_gaussian (0.5), σ for gaussian (1),
/// decay rate for exponential (1); ignored by straight_through. The defaults are in parentheses.</param>
public sealed record SurrogateConfig(SurrogateKind Kind, double Scale)
{
    /// <summary>The documented default scale of each shape.</summary>
    public static double DefaultScale(SurrogateKind kind) => kind switch
    {
        SurrogateKind.FastSigmoid => 25.0,
        SurrogateKind.Sigmoid => 25.0,
        SurrogateKind.Atan => 2.0,
        SurrogateKind.Triangle => 0.3,
        SurrogateKind.MultiGaussian or SurrogateKind.DoubleGaussian => 0.5,
        _ => 1.0,
    };
}
