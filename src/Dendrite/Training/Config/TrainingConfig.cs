namespace Dendrite.Training.Config;

/// <summary>The <c>training:</c> section.</summary>
public sealed record TrainingConfig
{
    /// <summary><c>epochs</c> &gt;= 1. Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary><c>batch_size</c> &gt;= 1. Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary><c>eval_batch_size</c>. Default null: batch_size.</summary>
    public int? EvalBatchSize { get; init; }

    /// <summary><c>seed</c>: seeds initialisation, shuffling, encoding and dropout. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary><c>threads</c>: worker threads; 0 means all cores. Same seed and threads give identical runs. Default 0.</summary>
    public int Threads { get; init; }

    /// <summary><c>method</c>: bptt|eprop. Default bptt.</summary>
    public TrainingMethod Method { get; init; } = TrainingMethod.Bptt;

    /// <summary><c>truncation</c>: truncated BPTT window K in steps (bptt only). Default null: full BPTT.</summary>
    public int? Truncation { get; init; }

    /// <summary><c>eprop</c>: e-prop's feedback and update settings; set (with defaults) exactly when the method is eprop.</summary>
    public EPropConfig? EProp { get; init; }

    /// <summary><c>eval_every</c>: evaluate on the test split every N epochs. Default 1.</summary>
    public int EvalEvery { get; init; } = 1;
}
