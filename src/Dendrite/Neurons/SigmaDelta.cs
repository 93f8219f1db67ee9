namespace Dendrite.Neurons;

/// <summary>The activation of a sigma-delta neuron.</summary>
public enum SigmaDeltaActivation
{
    Relu,
    Identity,
}

/// <summary>
/// Sigma-delta neuron parameters (Lava <c>proc/sdn</c> float model): it sends its activation's change, graded,
/// only when the change reaches <see cref="Threshold"/>. Defaults: ReLU, bias 0, |δ| ≥ θ as the Lava process
/// (lava-dl training fires on a strict &gt;). Lava's cum_error variant is not modelled.
/// </summary>
public sealed record SigmaDeltaParameters
{
    public double Threshold { get; init; } = 0.5;

    public double Bias { get; init; }

    public SigmaDeltaActivation Activation { get; init; } = SigmaDeltaActivation.Relu;

    public SpikeComparison Comparison { get; init; } = SpikeComparison.GreaterOrEqual;
}

/// <summary>Per-neuron state: σ (the decoded input), the previous activation, and the residue (or accumulated error).</summary>
public record struct SigmaDeltaState(double Sigma, double PreviousActivation, double Residue);

/// <summary>Sigma-delta encoding and decoding as pure step functions (neurons.md §10.1).</summary>
public static class SigmaDelta
{
    /// <summary>
    /// One step: σ += a_in; act = f(σ + bias); δ = act − act_prev + residue; s = δ when |δ| reaches θ, else 0;
    /// residue = δ − s.
    /// </summary>
    /// <returns>The graded output s (0 when silent).</returns>
    public static double Step(double input, ref SigmaDeltaState state, SigmaDeltaParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        state.Sigma += input;
        double preActivation = state.Sigma + parameters.Bias;
        double activation = parameters.Activation == SigmaDeltaActivation.Relu ? Math.Max(preActivation, 0.0) : preActivation;
        double delta = activation - state.PreviousActivation + state.Residue;
        double magnitude = Math.Abs(delta);
        bool fires = parameters.Comparison == SpikeComparison.GreaterOrEqual ? magnitude >= parameters.Threshold : magnitude > parameters.Threshold;
        double output = fires ? delta : 0.0;
        state.Residue = delta - output;
        state.PreviousActivation = activation;
        return output;
    }

    /// <summary>The receiving side: σ_receiver += s, which reconstructs the sender's activation to within θ.</summary>
    public static double Decode(double receiverSigma, double output) => receiverSigma + output;
}
