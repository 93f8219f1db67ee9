using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Inference;

/// <summary>A first stage that can compute a known sequence's input currents up front, when that is cheaper than events.</summary>
internal interface IPrecomputedCurrents
{
    /// <summary>Called by <see cref="EventInferenceEngine.Run"/> after the reset with the whole input [T, B, in], and with null after the run.</summary>
    void PrecomputeCurrents(Tensor? input);

    /// <summary>The kernel that computed the currents up front, or null when they are accumulated step by step.</summary>
    KernelPath? PrecomputedPath { get; }
}
