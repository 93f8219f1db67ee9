using System.Text.Json;
using Dendrite.Interop;
using Dendrite.Interop.Numpy;
using Dendrite.Tensors;

namespace Dendrite.Bench.Snn;

/// <summary>
/// One measurement for bench/pytorch/snn_bench.py: the case, and an .npz with the same starting weights, input
/// probabilities and labels that Dendrite used, so both run the same network on the same workload.
/// </summary>
public sealed record PytorchJob(int Id, string Scenario, string Mode, bool Recurrent, int Inputs, int Hidden, int Outputs,
    int Steps, int Batch, string Data, int Warmup, int Repeats)
{
    public static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the job's arrays into <paramref name="folder"/> and describes them.</summary>
    public static PytorchJob Write(int id, string folder, SnnNetwork network, SnnWorkload workload, SnnMode mode, int repeats)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(workload);
        SnnCase c = network.Case;
        string path = Path.Combine(folder, $"job{id}.npz");
        var arrays = network.Weights().Select(w => KeyValuePair.Create(w.Name, NpyArray.FromTensor(w.Value))).ToList();
        arrays.Add(KeyValuePair.Create("probabilities", NpyArray.FromTensor(workload.Probabilities)));
        arrays.Add(KeyValuePair.Create("labels", NpyArray.FromInt64(workload.Labels.Select(l => (long)l).ToArray(), workload.Labels.Length)));
        AtomicFile.Write(path, stream => NpzFile.Write(stream, arrays, compress: false));
        return new PytorchJob(id, c.Scenario, mode.ToString().ToLowerInvariant(), c.Recurrent, c.Inputs, c.Hidden, c.Outputs,
            c.Steps, c.Batch, path, SnnBenchOptions.WarmUpSteps, repeats);
    }

    /// <summary>An .npz with tensors under their names and labels as int64.</summary>
    public static void WriteArrays(string path, IEnumerable<(string Name, Tensor Value)> tensors, int[] labels)
    {
        var arrays = tensors.Select(t => KeyValuePair.Create(t.Name, NpyArray.FromTensor(t.Value))).ToList();
        arrays.Add(KeyValuePair.Create("labels", NpyArray.FromInt64(labels.Select(l => (long)l).ToArray(), labels.Length)));
        AtomicFile.Write(path, stream => NpzFile.Write(stream, arrays, compress: false));
    }
}
