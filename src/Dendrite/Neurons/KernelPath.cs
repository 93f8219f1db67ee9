namespace Dendrite.Neurons;

/// <summary>Which kernel a neuron-layer computation ran, for benchmarks and tests (see <see cref="SpikeProjection.LastPath"/>).</summary>
public enum KernelPath
{
    /// <summary>Dense GEMM over every input.</summary>
    Dense,

    /// <summary>Event-driven: only the inputs that spiked.</summary>
    EventDriven,

    /// <summary>
    /// Event-driven against each stream's mostly-active inputs: those are added once per stream and subtracted at the
    /// steps where they are silent (<see cref="Kernels.ComplementCoding"/>).
    /// </summary>
    EventComplement,
}
