namespace Dendrite.Neurons;

/// <summary>Which kernel a neuron-layer computation ran, for benchmarks and tests (see <see cref="SpikeProjection.LastPath"/>).</summary>
public enum KernelPath
{
    /// <summary>Dense GEMM over every input.</summary>
    Dense,

    /// <summary>Event-driven: only the inputs that spiked.</summary>
    EventDriven,
}
