namespace Dendrite.Bench.DeepR;

/// <summary>Settings of <c>dendrite bench deepr</c>: one 784–hidden–10 ReLU MLP trained dense and with DEEP R.</summary>
/// <param name="Hidden">Hidden units.</param>
/// <param name="Epochs">Passes over the 60 000 training images, for both runs.</param>
/// <param name="Density">Overall fraction of active connections for DEEP R (both weight matrices together).</param>
/// <param name="OutputDensity">Fraction active in the 10-way output matrix (Bellec et al. keep the last layer denser; fully
/// connected it takes 10 000 of the 39 700 connections at 1000 hidden units, and gained ≈ 0.8 points over 30 % after two epochs); the
/// first matrix gets the rest of the budget.</param>
/// <param name="LearningRate">SGD step for both runs (θ for DEEP R), decayed ×0.8 per epoch as the DEEP R script does.</param>
/// <param name="L1">DEEP R's α.</param>
/// <param name="Temperature">DEEP R's T (noise std √(2ηT) per step).</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="Seed">Seeds data order and initialisation.</param>
/// <param name="SkipDense">Train only the DEEP R network.</param>
public sealed record DeepRBenchOptions(int Hidden = 1000, int Epochs = 5, double Density = 0.05, double OutputDensity = 1.0,
    float LearningRate = 0.1f, float L1 = 1e-5f, float Temperature = 1e-8f, int BatchSize = 32, ulong Seed = 1,
    bool SkipDense = false);
