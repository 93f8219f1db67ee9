namespace Dendrite.Training.Config;

/// <summary>
/// A validated <c>dendrite train</c> configuration: the whole YAML file after <c>--set</c> overrides,
/// with every default filled in. Produced only by <see cref="ConfigLoader"/>.
/// </summary>
public sealed record TrainConfig
{
    /// <summary>The config file as given on the command line.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The <c>--set</c> overrides that were applied, in order (for the run folder's record of how it was made).</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Optional run name (<c>name:</c>); default null (the CLI derives one from the file name).</summary>
    public string? Name { get; init; }

    public required ModelConfig Model { get; init; }

    public required DataConfig Data { get; init; }

    public required OptimizerConfig Optimizer { get; init; }

    public required ScheduleConfig Schedule { get; init; }

    public required TrainingConfig Training { get; init; }

    public required RegularisersConfig Regularisers { get; init; }
}
