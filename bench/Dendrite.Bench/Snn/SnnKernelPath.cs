using Dendrite.Inference;
using Dendrite.Neurons;
using Dendrite.Nn;

namespace Dendrite.Bench.Snn;

/// <summary>
/// Which kernel each projection of a case took, as the benchmark reports it: the input and readout projections as the
/// layers report them after the timed runs (<see cref="NeuronLayer{TModel}.LastInputPath"/>, the engine's
/// <see cref="EventInferenceEngine.LastInputPath"/>).
/// </summary>
public static class SnnKernelPath
{
    public static string Describe(SnnCase scenario, SnnNetwork network, EventInferenceEngine? engine)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(network);
        if (engine is not null)
        {
            // Null: the engine accumulated the first layer's active inputs step by step.
            string first = engine.LastInputPath is KernelPath path ? Name(path) : "event-steps";
            return $"engine in:{first} rest:event";
        }
        string input = Name(network.Hidden.LastInputPath);
        string output = Name(LastInputPath(network.Output));
        // The recurrent product runs inside the fused sequence kernel; the hidden spikes carry gradient, so it is dense.
        return scenario.Recurrent ? $"in:{input} rec:dense out:{output}" : $"in:{input} out:{output}";
    }

    private static KernelPath LastInputPath(Module layer) => layer switch
    {
        LifLayer lif => lif.LastInputPath,
        LiLayer li => li.LastInputPath,
        _ => throw new ArgumentException($"SnnKernelPath: unexpected readout layer {layer.GetType().Name}.", nameof(layer)),
    };

    private static string Name(KernelPath path) => path switch
    {
        KernelPath.EventDriven => "event",
        KernelPath.EventComplement => "event-complement",
        _ => "dense",
    };
}
