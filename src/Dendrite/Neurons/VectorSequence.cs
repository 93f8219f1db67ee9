namespace Dendrite.Neurons;

/// <summary>A vectorised sequence kernel over pinned buffers; layouts as <see cref="NeuronSequence"/>, null for absent ones.</summary>
internal abstract unsafe class VectorSequence
{
    public float* Ff;
    public float* WeightTransposed;
    public float* Weight;
    public float* Bias;
    public float* InitialOutput;
    public float* InitialState;
    public float* Output;
    public float* States;
    public float* FinalState;
    public float* GradOutput;
    public float* GradFinalState;
    public float* GradFf;
    public float* GradInitialState;
    public float* GradInitialOutput;
    public int Truncation;

    /// <summary>Fills the outputs, stored states and final state.</summary>
    public abstract void Forward();

    /// <summary>Fills <see cref="GradFf"/> and the initial-state and -output gradients; returns dL/dp summed over the batch, [2, N].</summary>
    public abstract double[] Backward();
}
