namespace Dendrite.Training.Config;

/// <summary>The <c>optimizer:</c> section. <c>momentum</c>/<c>nesterov</c> are accepted only for sgd,
/// <c>betas</c>/<c>eps</c> only for adam and adamw.</summary>
public sealed record OptimizerConfig
{
    /// <summary><c>name</c>: sgd|adam|adamw. Default adam.</summary>
    public OptimizerKind Name { get; init; } = OptimizerKind.Adam;

    /// <summary><c>lr</c> &gt; 0. Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary><c>momentum</c> in [0, 1). Default 0.</summary>
    public double Momentum { get; init; }

    /// <summary><c>nesterov</c>. Default false.</summary>
    public bool Nesterov { get; init; }

    /// <summary><c>weight_decay</c> &gt;= 0. Default 0 (0.01 for adamw, as PyTorch).</summary>
    public double WeightDecay { get; init; }

    /// <summary><c>betas</c>: [β1, β2], each in [0, 1). Default [0.9, 0.999].</summary>
    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    /// <summary><c>eps</c> &gt; 0. Default 1e-8.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary><c>clip_norm</c>: clip the global gradient norm to this. Default null: no clipping.</summary>
    public double? ClipNorm { get; init; }

    /// <summary><c>clip_value</c>: clip each gradient element to ±this. Default null.</summary>
    public double? ClipValue { get; init; }
}
