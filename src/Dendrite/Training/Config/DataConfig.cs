namespace Dendrite.Training.Config;

/// <summary>
/// The <c>data:</c> section. Time is set by <c>steps</c> (T) or, for event datasets, by <c>dt</c> (bin width in
/// seconds): static images need <c>steps</c>; event datasets need exactly one of the two.
/// </summary>
public sealed record DataConfig
{
    /// <summary><c>dataset</c> (required).</summary>
    public required DatasetKind Dataset { get; init; }

    /// <summary><c>path</c>: dataset folder, relative to the config file's folder; must exist when given.
    /// Default null: the dataset's default cache folder. Generated datasets (randman, delayed-xor) take none.</summary>
    public string? Path { get; init; }

    /// <summary><c>encoder</c>: rate|latency|delta|none. Default rate for static images, none otherwise
    /// (event datasets and sequential-fashion-mnist accept only none).</summary>
    public EncoderKind Encoder { get; init; } = EncoderKind.Rate;

    /// <summary><c>gain</c>: rate encoder: spike probability of a pixel at full intensity, in (0, 1]. Default 1.</summary>
    public double Gain { get; init; } = 1.0;

    /// <summary><c>steps</c>: number of time steps T. Default null (derived from dt, or 784 for sequential-fashion-mnist).</summary>
    public int? Steps { get; init; }

    /// <summary><c>dt</c>: event-bin width in seconds. Default null.</summary>
    public double? Dt { get; init; }

    /// <summary><c>duration</c>: event datasets: seconds of each recording used (SHD: 1.0). Default null: the whole recording.</summary>
    public double? Duration { get; init; }

    /// <summary><c>max_samples</c>: use only the first N training samples (smoke runs). Default null: all.</summary>
    public int? MaxSamples { get; init; }

    /// <summary><c>shuffle</c>: reshuffle training samples every epoch (seeded by training.seed). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    public AugmentationConfig Augmentation { get; init; } = new();

    /// <summary>Randman generator options; non-null exactly when dataset is randman.</summary>
    public RandmanConfig? Randman { get; init; }
}

/// <summary><c>data.augmentation:</c> training-time augmentation. All default to off.</summary>
public sealed record AugmentationConfig
{
    /// <summary><c>random_crop_padding</c>: pad by N pixels and crop back at a random offset. Default 0.</summary>
    public int RandomCropPadding { get; init; }

    /// <summary><c>horizontal_flip</c>: flip with probability 0.5. Default false.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary><c>event_drop</c>: drop each event with this probability, in [0, 1). Default 0.</summary>
    public double EventDrop { get; init; }

    /// <summary><c>time_jitter</c>: shift each event by N(0, σ²) seconds. Default 0.</summary>
    public double TimeJitter { get; init; }
}

/// <summary><c>data.randman:</c> the random-manifold benchmark (Zenke &amp; Vogels 2021); its length is <c>data.steps</c>.</summary>
public sealed record RandmanConfig
{
    /// <summary><c>classes</c>. Default 10.</summary>
    public int Classes { get; init; } = 10;

    /// <summary><c>units</c>: input channels. Default 100.</summary>
    public int Units { get; init; } = 100;

    /// <summary><c>samples_per_class</c>. Default 1000.</summary>
    public int SamplesPerClass { get; init; } = 1000;

    /// <summary><c>dim</c>: manifold dimension. Default 1.</summary>
    public int Dim { get; init; } = 1;

    /// <summary><c>alpha</c>: smoothness of the manifold. Default 2.</summary>
    public double Alpha { get; init; } = 2.0;

    /// <summary><c>test_fraction</c>: held-out fraction, in (0, 1). Default 0.2.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary><c>seed</c>: generator seed, independent of training.seed so the task stays fixed. Default 42.</summary>
    public int Seed { get; init; } = 42;
}
