namespace Dendrite.Learning.EProp;

/// <summary>
/// e-prop (Bellec et al. 2020) for one spiking layer (feed-forward or recurrent) read out by a leaky integrator: runs the
/// network one step at a time, keeps eligibility traces, and turns output errors into weight gradients (input,
/// recurrent, bias, readout) without storing the past. See <see cref="EPropLearner{TModel}"/>.
/// </summary>
public interface IEPropLearner
{
    /// <summary>Presynaptic inputs per step.</summary>
    int Inputs { get; }

    /// <summary>Hidden (spiking) neurons N.</summary>
    int Neurons { get; }

    /// <summary>Readout neurons K.</summary>
    int Outputs { get; }

    /// <summary>Bytes of per-batch state (neuron states, traces, gradient accumulators); independent of the sequence length.</summary>
    long StateBytes { get; }

    /// <summary>The readout membrane y^t after the last <see cref="Step"/> [B, K].</summary>
    ReadOnlySpan<double> Output { get; }

    /// <summary>The hidden spikes z^t after the last <see cref="Step"/> [B, N].</summary>
    ReadOnlySpan<double> Spikes { get; }

    /// <summary>Starts a new sequence of <paramref name="batch"/> samples: zero state, traces and window sums (gradients are kept).</summary>
    void Reset(int batch);

    /// <summary>Runs one step on <paramref name="input"/> [B, in] and advances the traces.</summary>
    void Step(ReadOnlySpan<float> input);

    /// <summary>Adds this step's e-prop gradient for the output error δ = ∂E/∂y^t [B, K]: Σ_b L_bj·ē_bji with L = B·δ.</summary>
    void AccumulateSignal(ReadOnlySpan<double> outputGradient);

    /// <summary>Adds <paramref name="weight"/> times this step's filtered traces to the window sums (for an error known only at the end).</summary>
    void AccumulateWindow(double weight);

    /// <summary>Adds the gradient for a score error g = ∂E/∂score [B, K], where score = Σ_t w_t·y^t over the window.</summary>
    void AccumulateWindowSignal(ReadOnlySpan<double> scoreGradient);

    /// <summary>
    /// Adds the gradient of a loss that reads the hidden spikes only through each sample's counts c_bj = Σ_t z_bj^t so far
    /// (a spike regulariser): Σ_b g_bj·Σ_t e_bji^t with g = ∂E/∂c [B, N]. The signal is the neuron's own, so it needs no
    /// feedback matrix; without recurrence it is the exact gradient (the traces follow every path inside the neuron).
    /// </summary>
    void AccumulateCountSignal(ReadOnlySpan<double> countGradient);

    /// <summary>Adds the accumulated gradients to the parameters' gradients (float) and clears the accumulators.</summary>
    void WriteGradients();
}
