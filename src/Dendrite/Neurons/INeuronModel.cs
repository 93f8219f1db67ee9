namespace Dendrite.Neurons;

/// <summary>
/// The per-neuron dynamics of a model: a pure step and its hand-written vector-Jacobian product, in double.
/// The fused sequence kernel (<see cref="NeuronSequence"/>) loops these over neurons, batch and time.
/// </summary>
/// <remarks>
/// A neuron receives <see cref="Currents"/> feed-forward currents <c>ff</c> (its slice of the input projection) and as many
/// recurrent currents <c>rec</c> (from the previous output through the recurrent weights; zero without recurrence),
/// reads <see cref="ParameterCount"/> per-neuron parameters <c>p</c> and <see cref="StateSize"/> state values <c>s</c>,
/// and writes its new state and one output (a spike, or a membrane for a readout).
/// Implement on a readonly struct: the kernel is specialised per model with no virtual calls.
/// </remarks>
public interface INeuronModel
{
    /// <summary>Currents per neuron (1 for spiking neurons; 3 gates for EGRU).</summary>
    int Currents { get; }

    /// <summary>State values per neuron.</summary>
    int StateSize { get; }

    /// <summary>
    /// The index of the state value that always equals the step's output (ALIF's previous spike, LI's membrane), or −1.
    /// The fused kernel does not store it: it reads it back from the previous step's output.
    /// </summary>
    int OutputState { get; }

    /// <summary>Parameters per neuron (learnable or not).</summary>
    int ParameterCount { get; }

    /// <summary>One step: new state and output from the old state and this step's currents.</summary>
    double Step(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s, Span<double> sNew);

    /// <summary>
    /// The step's VJP: from dL/d(output) <paramref name="gY"/> and dL/d(new state) <paramref name="gSNew"/>, writes dL/d(old state)
    /// into <paramref name="gS"/>, dL/d(currents) into <paramref name="gFf"/> and <paramref name="gRec"/>, and adds dL/dp into <paramref name="gP"/>.
    /// Intermediates are recomputed from <paramref name="s"/> and the currents, so the sequence stores only states.
    /// </summary>
    void Backward(ReadOnlySpan<double> p, ReadOnlySpan<double> ff, ReadOnlySpan<double> rec, ReadOnlySpan<double> s,
        double gY, ReadOnlySpan<double> gSNew, Span<double> gS, Span<double> gFf, Span<double> gRec, Span<double> gP);
}
