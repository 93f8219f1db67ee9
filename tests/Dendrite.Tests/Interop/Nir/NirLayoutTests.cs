using Dendrite.Interop.Hdf5;
using Dendrite.Interop.Nir;
using Dendrite.Tests.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

public sealed class NirLayoutTests
{
    // The structure `h5dump -H` shows for the nir 1.0.8 reference file (formats.md Appendix A), one line per object:
    // groups, and datasets with their type and dataspace.
    private static readonly string[] ReferenceLayout =
    [
        "/node GROUP",
        "/node/edges STRING (5, 2)",
        "/node/metadata GROUP",
        "/node/metadata/description STRING SCALAR",
        "/node/metadata/dt F64LE SCALAR",
        "/node/nodes GROUP",
        "/node/nodes/cuba GROUP",
        "/node/nodes/cuba/r F32LE (3)",
        "/node/nodes/cuba/tau_mem F32LE (3)",
        "/node/nodes/cuba/tau_syn F32LE (3)",
        "/node/nodes/cuba/type STRING SCALAR",
        "/node/nodes/cuba/v_leak F32LE (3)",
        "/node/nodes/cuba/v_reset F32LE (3)",
        "/node/nodes/cuba/v_threshold F32LE (3)",
        "/node/nodes/cuba/w_in F32LE (3)",
        "/node/nodes/fc1 GROUP",
        "/node/nodes/fc1/bias F32LE (3)",
        "/node/nodes/fc1/type STRING SCALAR",
        "/node/nodes/fc1/weight F32LE (3, 4)",
        "/node/nodes/fc2 GROUP",
        "/node/nodes/fc2/bias F32LE (2)",
        "/node/nodes/fc2/type STRING SCALAR",
        "/node/nodes/fc2/weight F32LE (2, 3)",
        "/node/nodes/input GROUP",
        "/node/nodes/input/shape I64LE (1)",
        "/node/nodes/input/type STRING SCALAR",
        "/node/nodes/lif GROUP",
        "/node/nodes/lif/r F32LE (2)",
        "/node/nodes/lif/tau F32LE (2)",
        "/node/nodes/lif/type STRING SCALAR",
        "/node/nodes/lif/v_leak F32LE (2)",
        "/node/nodes/lif/v_reset F32LE (2)",
        "/node/nodes/lif/v_threshold F32LE (2)",
        "/node/nodes/output GROUP",
        "/node/nodes/output/shape I64LE (1)",
        "/node/nodes/output/type STRING SCALAR",
        "/node/type STRING SCALAR",
        "/version STRING SCALAR",
    ];

    [Hdf5Fact]
    public void The_reference_example_graph_is_written_with_exactly_the_layout_of_nir_1_0_8()
    {
        byte[] image = NirFile.ToImage(ReferenceGraph(), "nir_example.nir");

        using Hdf5File file = Hdf5File.OpenImage(image, "nir_example.nir");
        var layout = new List<string>();
        Describe(file, layout);
        Assert.Equal(ReferenceLayout, layout);
        Assert.Equal("1.0.8", file.ReadString("version"));
        Assert.Equal("CubaLIF", file.ReadString("node/nodes/cuba/type"));
        Assert.Equal(["input", "fc1", "fc1", "cuba", "cuba", "fc2", "fc2", "lif", "lif", "output"], file.ReadStrings("node/edges"));
    }

    /// <summary>The graph of formats.md §1.4 (values from a seeded generator; the layout does not depend on them).</summary>
    public static NirGraph ReferenceGraph()
    {
        var r = new Random(42);
        KeyValuePair<string, NirValue> F(string name, params float[] values) => KeyValuePair.Create<string, NirValue>(name, NirArray.Float32(values));
        float[] Fill(int n, float v) => Enumerable.Repeat(v, n).ToArray();
        float[] Rand(int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)(r.NextDouble() - 0.5) * scale).ToArray();
        var graph = new NirGraph()
            .Add("input", NirSamples.Port("Input", 4))
            .Add("fc1", new NirNode("Affine", [KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32(Rand(12, 1f), 3, 4)), F("bias", Fill(3, 0f))]))
            .Add("cuba", new NirNode("CubaLIF", [F("tau_syn", Fill(3, 0.005f)), F("tau_mem", Fill(3, 0.01f)), F("r", Fill(3, 1f)), F("v_leak", Fill(3, 0f)),
                F("v_threshold", Fill(3, 1f)), F("v_reset", Fill(3, 0f)), F("w_in", Fill(3, 1f))]))
            .Add("fc2", new NirNode("Affine", [KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32(Rand(6, 1f), 2, 3)), F("bias", Rand(2, 0.2f))]))
            .Add("lif", new NirNode("LIF", [F("tau", Fill(2, 0.02f)), F("r", Fill(2, 1f)), F("v_leak", Fill(2, 0f)), F("v_threshold", Fill(2, 1f)), F("v_reset", Fill(2, 0f))]))
            .Add("output", NirSamples.Port("Output", 2))
            .Connect("input", "fc1").Connect("fc1", "cuba").Connect("cuba", "fc2").Connect("fc2", "lif").Connect("lif", "output");
        graph.Metadata.Entries["description"] = NirText.Scalar("Input → Affine → CubaLIF → Affine → LIF → Output");
        graph.Metadata.Entries["dt"] = NirArray.ScalarFloat(0.001);
        return graph;
    }

    private static void Describe(Hdf5Location location, List<string> layout)
    {
        foreach (Hdf5Child child in location.Children())
        {
            string path = (location.ObjectPath == "/" ? "" : location.ObjectPath) + "/" + child.Name;
            if (child.Kind == Hdf5ObjectKind.Group)
            {
                layout.Add(path + " GROUP");
                using Hdf5Group group = location.OpenGroup(child.Name);
                Describe(group, layout);
                continue;
            }
            using Hdf5Dataset dataset = location.OpenDataset(child.Name);
            string type = dataset.TypeClass switch
            {
                Hdf5TypeClass.String => "STRING",
                Hdf5TypeClass.Float => $"F{dataset.ElementSize * 8}LE",
                Hdf5TypeClass.Integer => $"I{dataset.ElementSize * 8}LE",
                Hdf5TypeClass other => other.ToString(),
            };
            string space = dataset.Rank == 0 ? "SCALAR" : $"({string.Join(", ", dataset.Dimensions)})";
            layout.Add($"{path} {type} {space}");
        }
    }
}
