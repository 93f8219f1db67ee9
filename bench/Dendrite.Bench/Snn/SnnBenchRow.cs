using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dendrite.Bench.Snn;

/// <summary>One measured line of <c>dendrite bench snn</c>.</summary>
public sealed record SnnBenchRow
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public const string TableHeader =
        "scen mode   hidden    T batch  in_rate hid_rate   ms/step    cpu_ms  samples/s  GFLOP/s  peak_MB  torch_ms torch_cpu  speedup cpu_spdup    ev_ms   ev_cpu  path";

    public required string Scenario { get; init; }

    public required string Mode { get; init; }

    public required int Hidden { get; init; }

    [JsonPropertyName("T")]
    public required int T { get; init; }

    public required int Batch { get; init; }

    public required int Threads { get; init; }

    public required double InputRate { get; init; }

    /// <summary>Measured hidden spikes per neuron-step on the benchmark batch.</summary>
    public required double HiddenRate { get; init; }

    public required double MsMedian { get; init; }

    public required double MsMin { get; init; }

    public required double MsMax { get; init; }

    /// <summary>Process CPU time per step (all threads): steadier than wall time on a shared machine.</summary>
    public required double CpuMsMedian { get; init; }

    public required int Repeats { get; init; }

    public required double SamplesPerS { get; init; }

    /// <summary>Dense-equivalent GFLOP/s: every projection counted as a full GEMM (see <see cref="SnnCase.ForwardFlops"/>).</summary>
    public required double Gflops { get; init; }

    /// <summary>Peak RSS over warm-up and measured steps above the resident size before them (VmHWM after a clear_refs reset).</summary>
    public required double PeakMb { get; init; }

    public required string KernelPath { get; init; }

    /// <summary>Inference only: synaptic operations per sample, counted by the engine.</summary>
    public double? SynopsPerSample { get; init; }

    /// <summary>Inference only: the training path's forward (no gradient) on the same batch, for comparison.</summary>
    public double? ForwardMsMedian { get; init; }

    /// <summary>
    /// Inference only: the engine on the same spikes given as events (<see cref="Dendrite.Inference.EventSequence"/>, built
    /// once like the spikes), the deployment input of event data; no dense [T, B, in] tensor is scanned.
    /// </summary>
    public double? EventsMsMedian { get; init; }

    /// <summary>Inference only: the CPU time of <see cref="EventsMsMedian"/>'s runs.</summary>
    public double? EventsCpuMsMedian { get; init; }

    public double? PytorchMsMedian { get; init; }

    public double? PytorchCpuMsMedian { get; init; }

    public double? PytorchPeakMb { get; init; }

    /// <summary>
    /// PyTorch's median over Dendrite's: above 1 means Dendrite is faster. Over several rounds, the median of the rounds'
    /// ratios.
    /// </summary>
    public double? Speedup { get; init; }

    /// <summary>With several rounds: how many, and the lowest and highest round's <see cref="Speedup"/>.</summary>
    public int? Rounds { get; init; }

    public double? SpeedupMin { get; init; }

    public double? SpeedupMax { get; init; }

    /// <summary>The same ratio on CPU time.</summary>
    public double? CpuSpeedup { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToTableLine() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario,-4} {Mode,-5} {Hidden,7} {T,4} {Batch,5} {InputRate,8:0.###} {HiddenRate,8:0.###} {MsMedian,9:0.00} {CpuMsMedian,9:0.00} {SamplesPerS,10:0} {Gflops,8:0.0} {PeakMb,8:0.0} {Format(PytorchMsMedian, "0.00"),9} {Format(PytorchCpuMsMedian, "0.00"),9} {Format(Speedup, "0.00"),8} {Format(CpuSpeedup, "0.00"),9} {Format(EventsMsMedian, "0.00"),8} {Format(EventsCpuMsMedian, "0.00"),8}  {KernelPath}");

    private static string Format(double? value, string format) =>
        value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
