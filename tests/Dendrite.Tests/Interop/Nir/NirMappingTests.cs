using Dendrite.Autodiff;
using Dendrite.Interop.Nir;
using Dendrite.Tensors;
using Dendrite.Training;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

/// <summary>The Dendrite layers and the term-by-term Euler reference (<see cref="NirSimulator"/>) agree on the same graph.</summary>
public sealed class NirMappingTests
{
    private const double Dt = 1e-3;

    private static float[] SimulatorOutput(NirGraph graph, Tensor x, NirConvention convention = NirConvention.SnnTorch)
    {
        var simulator = new NirSimulator(graph, Dt, convention);
        return simulator.Run(x.Span, x.Shape[0], x.Shape[1]).Single(t => t.Name == "output.out").Values;
    }

    [Theory]
    [InlineData("- {type: lif, size: 5, recurrent: true, reset: zero, reset_timing: same_step}\n- {type: li, size: 3}")]
    [InlineData("- {type: cubalif, size: 5, recurrent: true, reset: zero, reset_timing: same_step}\n- {type: if, size: 3, reset: zero}")]
    [InlineData("- {type: linear, size: 4}\n- {type: cubalif, size: 3, reset: zero, reset_timing: same_step}")]
    public void An_exported_network_runs_the_same_in_Dendrite_and_in_the_euler_reference(string layers)
    {
        SpikingNetwork network = NirDendriteRoundTripTests.Network(layers, 6, 3);
        (NirGraph graph, _) = NirExporter.Export(network, Dt);
        Tensor x = NirDendriteRoundTripTests.RandomInput(30, 2, 6, 9);

        float[] dendrite;
        using (Tape.NoGrad())
        {
            dendrite = network.Forward(x).ToArray();
        }
        float[] reference = SimulatorOutput(graph, x);

        // Spikes must agree exactly; membranes (LI readout) to float rounding.
        Assert.Equal(dendrite.Length, reference.Length);
        for (int i = 0; i < dendrite.Length; i++)
        {
            Assert.True(Math.Abs(dendrite[i] - reference[i]) <= 1e-4 * (1 + Math.Abs(reference[i])), $"element {i}: Dendrite {dendrite[i]}, Euler {reference[i]}");
        }
        Assert.Contains(dendrite, v => v != 0);
    }

    [Theory]
    [InlineData(NirConvention.SnnTorch)]
    [InlineData(NirConvention.Norse)]
    public void Importing_a_graph_whose_euler_gains_are_not_one_folds_them_and_matches_the_reference(NirConvention convention)
    {
        // τ, r and w_in chosen so that dt·r/τ and dt·w_in/τ_syn differ from 1 and from neuron to neuron.
        KeyValuePair<string, NirValue> F(string name, params double[] v) => KeyValuePair.Create<string, NirValue>(name, NirArray.Float64(v));
        var random = new Random(4);
        float[] W(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 0.5)).ToArray();
        var graph = new NirGraph()
            .Add("input", NirSamples.Port("Input", 3))
            .Add("fc", new NirNode("Affine", [KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32(W(9), 3, 3)), KeyValuePair.Create<string, NirValue>("bias", NirArray.Float32(W(3)))]))
            .Add("cuba", new NirNode("CubaLIF", [F("tau_syn", 0.004, 0.002, 0.003), F("tau_mem", 0.01, 0.02, 0.005), F("r", 3, 7, 2), F("w_in", 1, 2, 0.5),
                F("v_leak", 0, 0, 0), F("v_threshold", 0.3, 0.5, 0.4)]))
            .Add("w_rec", new NirNode("Linear", [KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32(W(9), 3, 3))]))
            .Add("fc2", new NirNode("Linear", [KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32(W(6), 2, 3))]))
            .Add("lif", new NirNode("LIF", [F("tau", 0.005, 0.008), F("r", 20, 4), F("v_leak", 0, 0), F("v_threshold", 0.2, 0.3)]))
            .Add("output", NirSamples.Port("Output", 2))
            .Connect("input", "fc").Connect("fc", "cuba").Connect("cuba", "w_rec").Connect("w_rec", "cuba")
            .Connect("cuba", "fc2").Connect("fc2", "lif").Connect("lif", "output");
        Tensor x = NirDendriteRoundTripTests.RandomInput(40, 2, 3, 1);

        NirImport imported = NirImporter.Import(graph, Dt, convention);
        float[] dendrite;
        using (Tape.NoGrad())
        {
            dendrite = imported.Network.Forward(x).ToArray();
        }

        Assert.Equal(SimulatorOutput(graph, x, convention), dendrite);
        Assert.Contains(dendrite, v => v != 0);
        Assert.Contains(imported.Notes, n => n.Contains("folded", StringComparison.Ordinal));
        if (convention == NirConvention.Norse)
        {
            Assert.Contains(imported.Notes, n => n.Contains("ignores r", StringComparison.Ordinal));
        }
    }
}
