using Dendrite.Autodiff;
using Dendrite.Interop.Nir;
using Dendrite.Tensors;
using Dendrite.Tests.Interop.Hdf5;
using Dendrite.Training;
using Dendrite.Training.Config;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

public sealed class NirDendriteRoundTripTests
{
    private const double Dt = 1e-3;

    // Every exportable layer kind, with Dendrite-only behaviour (subtractive and delayed reset, ≥) and recurrence.
    public static TheoryData<string> Models() => new(
        "- {type: linear, size: 5}\n- {type: lif, size: 4, recurrent: true}",
        "- {type: lif, size: 4, reset: zero, reset_timing: same_step, bias: false}\n- {type: li, size: 3}",
        "- {type: if, size: 4, spike_comparison: ge}\n- {type: li, size: 3, tau_mem: 5}",
        "- {type: cubalif, size: 4, recurrent: true}\n- {type: cubalif, size: 3, reset: zero, reset_timing: same_step}",
        "- {type: linear, size: 4, bias: false}\n- {type: linear, size: 3}");

    internal static SpikingNetwork Network(string layers, int inputs, int seed)
    {
        string yaml = $"model:\n  input: {inputs}\n  layers:\n{string.Join("\n", layers.Split('\n').Select(l => "    " + l))}\ndata:\n  dataset: randman\n  steps: 20\n";
        TrainConfig config = ConfigLoader.Parse(yaml, "test.yaml", Directory.GetCurrentDirectory());
        SpikingNetwork network = NetworkBuilder.Build(config.Model, inputs, new Rng((ulong)seed));
        var random = new Random(seed);
        foreach ((string name, Tensor tensor) in network.StateTensors())
        {
            Span<float> values = tensor.Span;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = name.EndsWith("weight", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal) ? (float)(random.NextDouble() * 2 - 1)
                    : name.EndsWith("threshold", StringComparison.Ordinal) ? (float)(0.5 + random.NextDouble())
                    : name.EndsWith("tau", StringComparison.Ordinal) ? (float)(2 + 10 * random.NextDouble())
                    : values[i] == 1f ? 1f : (float)(0.5 + 0.49 * random.NextDouble());
            }
        }
        return network;
    }

    internal static Tensor RandomInput(int steps, int batch, int inputs, int seed)
    {
        var random = new Random(seed);
        var x = new Tensor(steps, batch, inputs);
        Span<float> span = x.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = (float)(random.NextDouble() * 2);
        }
        return x;
    }

    [Hdf5Theory]
    [MemberData(nameof(Models))]
    public void Export_then_import_restores_every_parameter_bit_exactly_and_the_same_outputs(string layers)
    {
        SpikingNetwork original = Network(layers, 6, 11);
        (NirGraph graph, _) = NirExporter.Export(original, Dt);
        NirGraph read = NirFile.ReadImage(NirFile.ToImage(graph), "export.nir");

        NirImport imported = NirImporter.Import(read, Dt);

        var expected = original.StateTensors().ToDictionary(t => t.Name, t => t.Tensor.ToArray());
        var actual = imported.Network.StateTensors().ToDictionary(t => t.Name, t => t.Tensor.ToArray());
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach ((string name, float[] values) in expected)
        {
            Assert.True(values.Select(BitConverter.SingleToInt32Bits).SequenceEqual(actual[name].Select(BitConverter.SingleToInt32Bits)), $"tensor {name} differs");
        }
        Tensor x = RandomInput(20, 3, 6, 5);
        using (Tape.NoGrad())
        {
            Assert.Equal(original.Forward(x).ToArray(), imported.Network.Forward(x).ToArray());
        }
    }

    [Hdf5Fact]
    public void Export_writes_what_nir_cannot_express_into_metadata_and_import_reports_it()
    {
        SpikingNetwork original = Network("- {type: lif, size: 3}", 2, 1);
        (NirGraph graph, IReadOnlyList<string> notes) = NirExporter.Export(original, Dt);

        NirNode lif = graph.Nodes["lif0"];
        Assert.Equal("subtract", lif.MetadataText("dendrite_reset"));
        Assert.Equal("next_step", lif.MetadataText("dendrite_reset_timing"));
        Assert.NotNull(lif.MetadataText("dendrite_surrogate"));
        Assert.Contains(notes, n => n.Contains("subtractive", StringComparison.Ordinal));
        NirImport imported = NirImporter.Import(NirFile.ReadImage(NirFile.ToImage(graph), "meta.nir"), Dt);
        Assert.Contains(imported.Notes, n => n.Contains("reset subtract", StringComparison.Ordinal));
        Assert.Contains(imported.Notes, n => n.Contains("surrogate", StringComparison.Ordinal));
    }
}
