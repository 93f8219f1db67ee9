using Dendrite.Autodiff;
using Dendrite.Data;
using Dendrite.Tensors;
using Dendrite.Training.Metrics;

namespace Dendrite.Training.Reporting;

/// <summary>
/// A run folder's report from its metrics and the first test sample run through the network: a raster per spiking
/// layer, and the membrane traces of the first hidden spiking layer's most active neurons (the output layer when there
/// is no hidden one), with its threshold.
/// </summary>
public static class RunFigures
{
    private const int TracedNeurons = 4;

    /// <summary>Writes the figures and report.html into <paramref name="runDirectory"/>; returns the paths written.</summary>
    public static IReadOnlyList<string> Write(string runDirectory, SpikingNetwork network, TrainingTask task, string name)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(task);
        string metricsPath = Path.Combine(runDirectory, MetricsLog.FileName);
        IReadOnlyList<MetricsRecord> records = File.Exists(metricsPath) ? MetricsLog.Read(metricsPath) : [];
        var spikes = new List<(int Layer, LayerSample Sample)>();
        bool training = network.Training;
        network.Eval();
        Tensor sample = FirstTestSample(task);
        using (Tape.NoGrad())
        {
            network.Run(sample, (layer, s) =>
                spikes.Add((layer, new LayerSample($"{layer}:{network.Info[layer].Name}", s.Span.ToArray(), s.Shape[0], s.Length / s.Shape[0]))));
        }
        int last = network.Info.Count - 1;
        int traced = spikes.Count == 0 ? last : spikes.Select(s => s.Layer).FirstOrDefault(i => i < last, spikes[^1].Layer);
        Tensor? membrane = network.Membrane(sample, traced);
        network.Train(training);
        LayerSample? tracedSpikes = spikes.FirstOrDefault(s => s.Layer == traced).Sample;
        return RunReport.Write(runDirectory, new RunReportData
        {
            Title = $"dendrite run {name}",
            Records = records,
            Spikes = spikes.Select(s => s.Sample).ToList(),
            Membrane = membrane is null ? null : new LayerSample($"layer {traced}:{network.Info[traced].Name}",
                membrane.Span.ToArray(), membrane.Shape[0], membrane.Length / membrane.Shape[0]),
            MembraneNeurons = tracedSpikes is null ? null : MostActive(tracedSpikes, TracedNeurons),
            Threshold = LayerMembrane.Threshold(network.Layers[traced]),
        });
    }

    /// <summary>The neurons with the most spikes, ties by index (a conv layer's first elements are often silent corners).</summary>
    public static int[] MostActive(LayerSample spikes, int count)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        var counts = new int[spikes.Neurons];
        for (int i = 0; i < spikes.Values.Length; i++)
        {
            counts[i % spikes.Neurons] += spikes.Values[i] != 0f ? 1 : 0;
        }
        return Enumerable.Range(0, spikes.Neurons).OrderByDescending(n => counts[n]).ThenBy(n => n).Take(count).ToArray();
    }

    // Sample 0 of the first test batch, as a batch of one [T, 1, F].
    private static Tensor FirstTestSample(TrainingTask task)
    {
        Batch batch = task.Test().First();
        Tensor inputs = batch.Inputs;
        int steps = inputs.Shape[0];
        int batchSize = inputs.Shape[1];
        int features = inputs.Length / (steps * batchSize);
        var sample = new Tensor(steps, 1, features);
        ReadOnlySpan<float> source = inputs.Span;
        Span<float> target = sample.Span;
        for (int t = 0; t < steps; t++)
        {
            source.Slice(t * batchSize * features, features).CopyTo(target.Slice(t * features, features));
        }
        return sample;
    }
}
