using Dendrite.Neurons;
using Dendrite.Nn;

namespace Dendrite.Inference;

/// <summary>
/// The LIF step with subtract reset and a strict Heaviside spike (snnTorch's Leaky; Norse/SpikingJelly with same-step
/// timing) for a row of neurons, without the per-neuron span and parameter plumbing of the generic
/// <see cref="INeuronModel.Step"/>. The generic path (<see cref="LifModel.Step"/>) is its reference.
/// </summary>
/// <remarks>
/// The arithmetic is <see cref="LifModel.Step"/>'s, in the same order and in double, so results are bit-identical to the
/// training path's fused kernel.
/// </remarks>
internal sealed class LifStepKernel
{
    private readonly double[] _beta;
    private readonly double[] _theta;
    private readonly bool _nextStep;

    private LifStepKernel(double[] beta, double[] theta, bool nextStep)
    {
        _beta = beta;
        _theta = theta;
        _nextStep = nextStep;
    }

    /// <summary>The kernel for <paramref name="layer"/>, or null when its options need the generic step.</summary>
    public static LifStepKernel? For(Module layer, double[] parameters, int neurons)
    {
        if (layer is not LifLayer lif || lif.Mode != SpikeFunctionMode.Heaviside || lif.Config.Reset != ResetMode.Subtract
            || lif.Config.Comparison != SpikeComparison.GreaterThan)
        {
            return null;
        }
        var beta = new double[neurons];
        var theta = new double[neurons];
        for (int n = 0; n < neurons; n++)
        {
            beta[n] = Math.Clamp(parameters[n], 0.0, 1.0);
            theta[n] = parameters[neurons + n];
        }
        return new LifStepKernel(beta, theta, lif.Config.Timing == ResetTiming.NextStep);
    }

    /// <summary>One step of a row: membrane <paramref name="state"/> [N] updated in place, spikes into <paramref name="spikes"/> [N].</summary>
    public void Step(ReadOnlySpan<float> ff, ReadOnlySpan<float> rec, Span<float> state, Span<float> spikes)
    {
        ReadOnlySpan<double> beta = _beta;
        ReadOnlySpan<double> theta = _theta;
        int neurons = beta.Length;
        if (_nextStep)
        {
            for (int n = 0; n < neurons; n++)
            {
                double previous = state[n];
                double x = (double)ff[n] + rec[n];
                double r = previous - theta[n] > 0 ? 1.0 : 0.0;
                double u = beta[n] * previous + x - r * theta[n];
                state[n] = (float)u;
                spikes[n] = u - theta[n] > 0 ? 1f : 0f;
            }
            return;
        }
        for (int n = 0; n < neurons; n++)
        {
            double pre = beta[n] * state[n] + ((double)ff[n] + rec[n]);
            double y = pre - theta[n] > 0 ? 1.0 : 0.0;
            state[n] = (float)(pre - y * theta[n]);
            spikes[n] = (float)y;
        }
    }
}
