using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Inference;

/// <summary>A first stage that can compute a known sequence's input currents up front, when that is cheaper than events.</summary>
internal interface IPrecomputedCurrents
{
    /// <summary>
    /// Called by <see cref="EventInferenceEngine.Run(Tensor)"/> after the reset with the whole input [T, B, in]. Returns true
    /// when it computed the currents of every step, so the engine need not gather the input's active lists step by step
    /// (<see cref="PrecomputedInputEvents"/> then counts them).
    /// </summary>
    bool PrecomputeCurrents(Tensor input);

    /// <summary>The same for a sequence given as events (<see cref="EventInferenceEngine.Run(EventSequence)"/>).</summary>
    bool PrecomputeCurrents(EventSequence input);

    /// <summary>Forgets the precomputed currents (the engine does when the sequence ends, so later steps accumulate events again).</summary>
    void ClearPrecomputed();

    /// <summary>The kernel that computed the currents up front, or null when they are accumulated step by step.</summary>
    KernelPath? PrecomputedPath { get; }

    /// <summary>The nonzero inputs of the whole sequence given to the last <c>PrecomputeCurrents</c> that returned true.</summary>
    long PrecomputedInputEvents { get; }
}
