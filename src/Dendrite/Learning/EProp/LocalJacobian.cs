using Dendrite.Neurons;

namespace Dendrite.Learning.EProp;

/// <summary>
/// The neuron-local derivatives of one step of a model, read off its own vector-Jacobian product: one VJP per row
/// (each new state value, then the output), so e-prop's traces follow exactly the paths the model's backward follows
/// (adaptation, and the reset unless the model detaches it) and nothing has to be derived twice.
/// </summary>
internal static class LocalJacobian
{
    /// <summary>
    /// Rows q = 0..S−1 are the new state s'_q, row S is the output z. Writes ∂row_q/∂s_l into
    /// <paramref name="state"/>[q·S + l] and ∂row_q/∂(input current) into <paramref name="current"/>[q].
    /// </summary>
    /// <param name="current">The neuron's total input current (feed-forward plus recurrent) this step.</param>
    /// <param name="scratch">At least 2·S + 2 + P values (P = the model's parameter count).</param>
    public static void Compute<TModel>(in TModel model, ReadOnlySpan<double> p, double current, ReadOnlySpan<double> s,
        Span<double> state, Span<double> currentDerivative, Span<double> scratch)
        where TModel : struct, INeuronModel
    {
        int size = model.StateSize;
        Span<double> gNew = scratch[..size];
        Span<double> gOld = scratch.Slice(size, size);
        Span<double> gFf = scratch.Slice(2 * size, 1);
        Span<double> gRec = scratch.Slice(2 * size + 1, 1);
        Span<double> gP = scratch.Slice(2 * size + 2, model.ParameterCount);
        ReadOnlySpan<double> ff = [current];
        ReadOnlySpan<double> rec = [0.0];
        for (int q = 0; q <= size; q++)
        {
            gNew.Clear();
            gP.Clear();
            if (q < size)
            {
                gNew[q] = 1.0;
            }
            model.Backward(p, ff, rec, s, q == size ? 1.0 : 0.0, gNew, gOld, gFf, gRec, gP);
            gOld.CopyTo(state.Slice(q * size, size));
            currentDerivative[q] = gFf[0];
        }
    }
}
