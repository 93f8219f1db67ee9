using System.Runtime.Intrinsics;

namespace Dendrite.Neurons;

/// <summary>
/// The per-neuron dynamics of a one-current, one-state model on 8 neurons at once (lanes n..n+7), in double, with the same
/// operations in the same order as the model's scalar <see cref="INeuronModel.Step"/> and <see cref="INeuronModel.Backward"/>:
/// the vectorised sequence kernel (<see cref="NeuronSequenceFast{TVector, TModel}"/>) is bit-identical to the reference loop.
/// </summary>
internal interface IVectorNeuron
{
    /// <summary>One step for neurons n..n+7: returns the outputs, writes the new states.</summary>
    Vector512<double> Step(int n, Vector512<double> x, Vector512<double> previous, out Vector512<double> next);

    /// <summary>
    /// The step's VJP for neurons n..n+7: returns dL/d(current); writes dL/d(old state) and the two parameter gradients
    /// (zero for a model with fewer parameters).
    /// </summary>
    Vector512<double> Backward(int n, Vector512<double> x, Vector512<double> previous, Vector512<double> gY, Vector512<double> gNext,
        out Vector512<double> gPrevious, out Vector512<double> gP0, out Vector512<double> gP1);
}
