using Dendrite.Interop.Nir;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

public sealed class NirSimulatorTests
{
    private static float[] Trace(IReadOnlyList<NirTrace> traces, string name) => traces.Single(t => t.Name == name).Values;

    [Fact]
    public void Lif_follows_hand_computed_forward_euler_with_leak_strict_threshold_and_reset_to_v_reset()
    {
        float[] x = [0.5f, 0.5f, 0.5f, 0.5f, 0f, 2f];
        float[] input = x.SelectMany(v => new[] { v, v }).ToArray();
        var traces = new NirSimulator(NirHandGraphs.Lif(), NirHandGraphs.Dt).Run(input, 6, 1);

        // Neuron 0: dt/τ = 0.2, r·I = 5x: 0.5, 0.9, 1.22 → spike → 0, 0.5, 0.4, 2.32 → spike → 0.
        // Neuron 1: dt/τ = 0.1, leak 0.5, r·I = 2x: 0.15, 0.285, 0.4065, 0.51585, 0.514265, 0.9128385 → spike → 0.1.
        double[] v = [0.5, 0.15, 0.9, 0.285, 0, 0.4065, 0.5, 0.51585, 0.4, 0.514265, 0, 0.1];
        double[] spikes = [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1];
        Assert.Equal(v, Trace(traces, "lif.v").Select(f => (double)f), new Tolerance(1e-6));
        Assert.Equal(spikes, Trace(traces, "output.out").Select(f => (double)f));
    }

    [Fact]
    public void CubaLif_synapse_feeds_the_membrane_in_the_same_step_and_threshold_is_strict()
    {
        float[] x = [1f, 1f, 0f, 0f, 1f];
        var traces = new NirSimulator(NirHandGraphs.CubaLif(), NirHandGraphs.Dt).Run(x, 5, 1);

        // I: 1, 1.5, 0.75, 0.375, 1.1875; v: 1.0 (not > 1), 2.25 → spike → 0, 0.75, 0.9375, 1.890625 → spike → 0.
        Assert.Equal([1, 1.5, 0.75, 0.375, 1.1875], Trace(traces, "cuba.i").Select(f => (double)f), new Tolerance(1e-6));
        Assert.Equal([1, 0, 0.75, 0.9375, 0], Trace(traces, "cuba.v").Select(f => (double)f), new Tolerance(1e-6));
        Assert.Equal([0, 1, 0, 0, 1], Trace(traces, "cuba.out").Select(f => (double)f));
    }

    [Fact]
    public void A_cycle_feeds_the_previous_steps_spikes_back()
    {
        var traces = new NirSimulator(NirHandGraphs.RecurrentLif(), NirHandGraphs.Dt).Run([1.5f, 0f, 0f], 3, 1);

        // Step 1: I = 1.5 → v = 1.5 → spike → 0. Step 2: I = 0.5·1 → v = 0.5. Step 3: I = 0 → v = 0.4.
        Assert.Equal([0, 0.5, 0.4], Trace(traces, "lif.v").Select(f => (double)f), new Tolerance(1e-6));
        Assert.Equal([1, 0, 0], Trace(traces, "lif.out").Select(f => (double)f));
    }

    [Fact]
    public void Norse_convention_ignores_r_and_v_reset_of_lif_and_says_so()
    {
        var simulator = new NirSimulator(NirHandGraphs.Lif(), NirHandGraphs.Dt, NirConvention.Norse);
        var traces = simulator.Run([0.5f, 0.5f], 1, 1);

        // Neuron 0: v = 0.2·0.5 = 0.1; neuron 1: v = 0.1·(0.5 + 0.5) = 0.1.
        Assert.Equal([0.1, 0.1], Trace(traces, "lif.v").Select(f => (double)f), new Tolerance(1e-6));
        Assert.Contains(simulator.Notes, n => n.Contains("ignores r", StringComparison.Ordinal));
        Assert.Contains(simulator.Notes, n => n.Contains("v_reset", StringComparison.Ordinal));
    }

    [Fact]
    public void Conv_pool_flatten_and_delay_match_hand_computed_values()
    {
        // 1×3×3 input 1..9, one 2×2 kernel [[1,0],[0,-1]], bias 0.5, stride 1 → 2×2: x[i,j] - x[i+1,j+1] + 0.5 = -3.5 everywhere.
        var graph = new NirGraph()
            .Add("input", NirSamples.Port("Input", 1, 3, 3))
            .Add("conv", new NirNode("Conv2d", [
                KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32([1f, 0f, 0f, -1f], 1, 1, 2, 2)),
                KeyValuePair.Create<string, NirValue>("bias", NirArray.Float32([0.5f])),
                KeyValuePair.Create<string, NirValue>("stride", NirArray.Int64(1, 1)),
                KeyValuePair.Create<string, NirValue>("padding", NirArray.Int64(0, 0)),
                KeyValuePair.Create<string, NirValue>("dilation", NirArray.Int64(1, 1)),
                KeyValuePair.Create<string, NirValue>("groups", NirArray.ScalarInt(1)),
                KeyValuePair.Create<string, NirValue>("input_shape", NirArray.Int64(3, 3))]))
            .Add("pool", new NirNode("AvgPool2d", [
                KeyValuePair.Create<string, NirValue>("kernel_size", NirArray.Int64(2, 2)),
                KeyValuePair.Create<string, NirValue>("stride", NirArray.Int64(1, 1)),
                KeyValuePair.Create<string, NirValue>("padding", NirArray.Int64(1, 1))]))
            .Add("flat", new NirNode("Flatten", [
                KeyValuePair.Create<string, NirValue>("input_type", NirArray.Int64(1, 3, 3)),
                KeyValuePair.Create<string, NirValue>("start_dim", NirArray.ScalarInt(0)),
                KeyValuePair.Create<string, NirValue>("end_dim", NirArray.ScalarInt(-1))]))
            .Add("delay", new NirNode("Delay", [KeyValuePair.Create<string, NirValue>("delay", NirArray.Float64(Enumerable.Repeat(2e-3, 9).ToArray()))]))
            .Add("output", NirSamples.Port("Output", 9))
            .Connect("input", "conv").Connect("conv", "pool").Connect("pool", "flat").Connect("flat", "delay").Connect("delay", "output");
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var traces = new NirSimulator(graph, 1e-3).Run([.. image, .. image, .. image], 3, 1);

        Assert.Equal(Enumerable.Repeat(-3.5, 4), Trace(traces, "conv.out")[..4].Select(f => (double)f));
        // Average over 2×2 windows of the zero-padded 2×2 map: corners see one value, edges two, the centre four.
        double[] pooled = [-0.875, -1.75, -0.875, -1.75, -3.5, -1.75, -0.875, -1.75, -0.875];
        Assert.Equal(pooled, Trace(traces, "pool.out")[..9].Select(f => (double)f), new Tolerance(1e-6));
        float[] delayed = Trace(traces, "output.out");
        Assert.Equal(new double[18], delayed[..18].Select(f => (double)f));
        Assert.Equal(pooled, delayed[18..].Select(f => (double)f), new Tolerance(1e-6));
    }
}

/// <summary>Absolute tolerance for comparing doubles.</summary>
internal sealed class Tolerance(double absolute) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= absolute;

    public int GetHashCode(double obj) => 0;
}
