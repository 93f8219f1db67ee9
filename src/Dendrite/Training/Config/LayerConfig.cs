namespace Dendrite.Training.Config;

/// <summary>One entry of <c>model.layers</c>. <see cref="Origin"/> (<c>file.yaml:LINE</c>) lets the model
/// builder report shape errors against the line that declared the layer.</summary>
public abstract record LayerConfig
{
    public required int Index { get; init; }

    public required string Origin { get; init; }

    public abstract LayerType Type { get; }
}

/// <summary><c>type: linear</c>: a dense projection to <c>size</c> features (required); <c>bias</c> default true.</summary>
public sealed record LinearLayerConfig : LayerConfig
{
    public override LayerType Type => LayerType.Linear;

    public required int Size { get; init; }

    public bool Bias { get; init; } = true;
}

/// <summary><c>type: conv2d</c>: <c>channels</c> (required), <c>kernel</c> (default 3), <c>stride</c> (1),
/// <c>padding</c> (0), <c>bias</c> (true).</summary>
public sealed record Conv2dLayerConfig : LayerConfig
{
    public override LayerType Type => LayerType.Conv2d;

    public required int Channels { get; init; }

    public int Kernel { get; init; } = 3;

    public int Stride { get; init; } = 1;

    public int Padding { get; init; }

    public bool Bias { get; init; } = true;
}

/// <summary><c>type: pool</c>: <c>kind</c> max|avg (default max), <c>kernel</c> (2), <c>stride</c> (default = kernel).</summary>
public sealed record PoolLayerConfig : LayerConfig
{
    public override LayerType Type => LayerType.Pool;

    public PoolKind Kind { get; init; } = PoolKind.Max;

    public int Kernel { get; init; } = 2;

    public int Stride { get; init; } = 2;
}

/// <summary><c>type: flatten</c>: no options.</summary>
public sealed record FlattenLayerConfig : LayerConfig
{
    public override LayerType Type => LayerType.Flatten;
}

/// <summary><c>type: dropout</c>: drop probability <c>p</c> in [0, 1) (default 0.5).</summary>
public sealed record DropoutLayerConfig : LayerConfig
{
    public override LayerType Type => LayerType.Dropout;

    public double P { get; init; } = 0.5;
}

/// <summary>
/// A neuron layer (<c>type: lif|cubalif|li|if|plif|alif|rf|brf|egru</c>). With <c>size</c> the layer owns a
/// dense input projection from the previous layer's width to <c>size</c> (one GEMM over all steps); without
/// it the neurons act element-wise on the previous layer's output (snnTorch style: linear then leaky).
/// <c>recurrent: true</c> (default false) adds a recurrent weight matrix.
/// </summary>
public sealed record NeuronLayerConfig : LayerConfig
{
    public override LayerType Type => Kind switch
    {
        NeuronKind.Lif => LayerType.Lif,
        NeuronKind.CubaLif => LayerType.CubaLif,
        NeuronKind.Li => LayerType.Li,
        NeuronKind.If => LayerType.If,
        NeuronKind.Plif => LayerType.Plif,
        NeuronKind.Alif => LayerType.Alif,
        NeuronKind.Rf => LayerType.Rf,
        NeuronKind.Brf => LayerType.Brf,
        _ => LayerType.Egru,
    };

    public required NeuronKind Kind { get; init; }

    public int? Size { get; init; }

    public bool Recurrent { get; init; }

    /// <summary><c>bias</c>: a bias on the layer's own input projection (only with size). Default true; BRF uses none.</summary>
    public bool Bias { get; init; } = true;

    public required NeuronParameters Parameters { get; init; }

    /// <summary><c>surrogate</c>: defaults to <see cref="ModelConfig.Surrogate"/> (for egru: triangle, scale 0.7, as EvNN).</summary>
    public required SurrogateConfig Surrogate { get; init; }
}
