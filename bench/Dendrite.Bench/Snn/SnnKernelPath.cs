using Dendrite.Neurons;

namespace Dendrite.Bench.Snn;

/// <summary>
/// Which kernel each projection of a case takes, as the benchmark reports it. One place to change once the neuron layer
/// reports its own path: today it restates <see cref="SpikeProjection"/>'s rule (event-driven for binary inputs without
/// gradient at most <see cref="SpikeProjection.EventDrivenMaxActivity"/> active, the dense GEMM otherwise).
/// </summary>
public static class SnnKernelPath
{
    public static string Describe(SnnCase scenario, SnnMode mode, double inputActivity)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        string input = inputActivity <= SpikeProjection.EventDrivenMaxActivity ? "event" : "dense";
        if (mode == SnnMode.Infer)
        {
            // The engine takes a dense sequence's first projection as one GEMM up front, the same rule.
            return $"engine in:{input} rest:event";
        }
        // The hidden spikes carry gradient in training, so the readout projection is always the dense GEMM.
        return scenario.Recurrent ? $"in:{input} rec:dense out:dense" : $"in:{input} out:dense";
    }
}
