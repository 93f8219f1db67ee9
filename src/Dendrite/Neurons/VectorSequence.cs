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

    /// <summary>dL/d(output of the last step) from beyond the sequence (a later segment's recurrence), or null for zero.</summary>
    public float* GradCarryIn;
    public int Truncation;

    /// <summary>When set, [T, B, N] where the forward keeps each step's recurrent currents and the backward reads them back.</summary>
    public float* RecurrentStore;

    /// <summary>The global index of this sequence's first step when it is a segment of a longer one (for truncation).</summary>
    public int StepOffset;

    /// <summary>Fills the outputs, stored states and final state.</summary>
    public abstract void Forward();

    /// <summary>Fills <see cref="GradFf"/> and the initial-state and -output gradients; adds dL/dp per batch row into <paramref name="parameterRows"/> [B, 2, N].</summary>
    public abstract void Backward(double[] parameterRows);

    /// <summary>dL/dp summed over the batch rows of <paramref name="parameterRows"/> [B, 2, N], as [2, N].</summary>
    public static double[] SumRows(double[] parameterRows, int batch, int neurons)
    {
        var sum = new double[2 * neurons];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += parameterRows[b * sum.Length + i];
            }
        }
        return sum;
    }
}
