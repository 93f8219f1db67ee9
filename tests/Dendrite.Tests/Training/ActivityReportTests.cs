using System.Text.Json;
using Dendrite.Training.Metrics;

namespace Dendrite.Tests.Training;

public sealed class ActivityReportTests
{
    // Hidden: 4 neurons with counts [0, 2, 5, 1] over 2 samples of T = 10, fan-out 3; output: 2 silent neurons.
    private static ActivityReport Example() => ActivityReport.Compute(
        [new LayerSpikeCounts("hidden", [0, 2, 5, 1], 3), new LayerSpikeCounts("output", [0, 0], 0)], steps: 10, samples: 2);

    [Fact]
    public void PerLayerFiguresMatchHandDerivedValues()
    {
        LayerActivity hidden = Example().Layers[0];
        Assert.Equal(8, hidden.Spikes);
        Assert.Equal(0.1, hidden.FiringRate, 12);          // 8 / (4 neurons * 10 steps * 2 samples)
        Assert.Equal(1.0, hidden.SpikesPerNeuron, 12);     // 8 / (4 * 2)
        Assert.Equal(0.25, hidden.SilentFraction, 12);     // 1 of 4 never spiked
        Assert.Equal(12.0, hidden.SynOps, 12);             // 8 spikes * 3 targets / 2 samples
        Assert.Equal(120.0, hidden.DenseMacs, 12);         // 4 neurons * 3 targets * 10 steps
        Assert.Equal(10.8, hidden.EnergySnnPicojoules, 9); // 12 * 0.9 pJ
        Assert.Equal(552.0, hidden.EnergyAnnPicojoules, 9); // 120 * 4.6 pJ
    }

    [Fact]
    public void TotalsWeightByNeurons()
    {
        ActivityReport report = Example();
        Assert.Equal(6, report.Neurons);
        Assert.Equal(8.0 / 120.0, report.FiringRate, 12);  // 8 spikes / (6 * 10 * 2)
        Assert.Equal(0.5, report.SilentFraction, 12);      // (1 + 2) / 6
        Assert.Equal(12.0, report.SynOps, 12);
        Assert.Equal(552.0 / 10.8, report.EnergyRatio, 9);
        Assert.Equal(1.0, report.Layers[1].SilentFraction);
    }

    [Fact]
    public void SynOpsOfSevenSpikesWithFanOutTenIsSeventy()
    {
        // learning.md §11.3.
        ActivityReport report = ActivityReport.Compute([new LayerSpikeCounts("l", [3, 4], 10)], steps: 5, samples: 1);
        Assert.Equal(70.0, report.SynOps);
    }

    [Fact]
    public void AccumulatorCountsSpikesFromTimeMajorBatches()
    {
        var acc = new ActivityAccumulator([("hidden", 3, 2L)]);
        // T = 2, B = 2, N = 3: neuron 0 spikes 3 times, neuron 1 once, neuron 2 never.
        float[] batch = [1, 0, 0, 1, 1, 0, /* t = 1 */ 0, 0, 0, 1, 0, 0];
        acc.AddSpikes(0, batch, steps: 2, batch: 2);
        acc.AddSamples(2);
        LayerActivity layer = acc.ToReport().Layers[0];
        Assert.Equal(4, layer.Spikes);
        Assert.Equal(1.0 / 3.0, layer.SilentFraction, 12);
        Assert.Equal(4.0 / 12.0, layer.FiringRate, 12);
        Assert.Throws<ArgumentException>("spikes", () => acc.AddSpikes(0, batch.AsSpan(1), steps: 2, batch: 2));
    }

    [Fact]
    public void AccumulatorCountsWideLayersLikeANaiveLoop()
    {
        // 21 neurons: two 8-lane vectors and a 5-neuron tail; -0 is no spike, NaN and any other non-zero value is one.
        const int steps = 3, batch = 2, neurons = 21;
        float[] pool = [0f, 1f, -0f, float.NaN, 0.5f, 0f, -2f, 0f, 0f];
        var spikes = new float[steps * batch * neurons];
        for (int i = 0; i < spikes.Length; i++)
        {
            spikes[i] = pool[(i * 7 + i / 5) % pool.Length];
        }
        var acc = new ActivityAccumulator([("wide", neurons, 1L)]);
        acc.AddSpikes(0, spikes, steps, batch);
        acc.AddSpikes(0, spikes, steps, batch);
        acc.AddSamples(2 * batch);
        long expected = 0;
        int silent = 0;
        for (int n = 0; n < neurons; n++)
        {
            int count = 0;
            for (int row = 0; row < steps * batch; row++)
            {
                float value = spikes[row * neurons + n];
                count += value > 0f || value < 0f || float.IsNaN(value) ? 1 : 0;
            }
            expected += 2 * count;
            silent += count == 0 ? 1 : 0;
        }
        LayerActivity layer = acc.ToReport().Layers[0];
        Assert.Equal(expected, layer.Spikes);
        Assert.Equal((double)silent / neurons, layer.SilentFraction, 12);
    }

    [Fact]
    public void JsonRoundTripsAndTableHasEveryLayer()
    {
        ActivityReport report = Example();
        using JsonDocument doc = JsonDocument.Parse(report.ToJson());
        ActivityReport back = ActivityReport.FromJson(doc.RootElement);
        Assert.Equal(report.Layers, back.Layers);
        Assert.Equal(12.0, doc.RootElement.GetProperty("synops").GetDouble());

        string table = report.ToTable();
        Assert.Contains("hidden", table, StringComparison.Ordinal);
        Assert.Contains("output", table, StringComparison.Ordinal);
        Assert.Contains("total", table, StringComparison.Ordinal);
        Assert.Contains("10.8 pJ", table, StringComparison.Ordinal);
        Assert.Contains("552 pJ", table, StringComparison.Ordinal);
    }
}
