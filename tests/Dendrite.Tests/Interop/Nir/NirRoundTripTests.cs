using Dendrite.Interop.Hdf5;
using Dendrite.Interop.Nir;
using Dendrite.Tests.Interop.Hdf5;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

public sealed class NirRoundTripTests
{
    public static TheoryData<string> Types() => new(NirSamples.EveryType(1).Select(s => s.Type));

    [Hdf5Theory]
    [MemberData(nameof(Types))]
    public void Every_node_type_round_trips_bit_exactly_gzip_and_plain_float32_and_float64(string type)
    {
        foreach (NirDType dtype in new[] { NirDType.Float32, NirDType.Float64 })
        {
            (_, NirNode node, long[] input) = NirSamples.EveryType(7, dtype).Single(s => s.Type == type);
            node.Metadata.Entries["note"] = NirText.Scalar("kept");
            node.Metadata.Entries["dt"] = NirArray.ScalarFloat(1e-3);
            NirGraph graph = NirSamples.Chain(node, input);
            graph.Metadata.Entries["description"] = NirText.Scalar("round trip");
            foreach (bool gzip in new[] { true, false })
            {
                NirGraph read = NirFile.ReadImage(NirFile.ToImage(graph, gzip: gzip), "roundtrip.nir");
                NirAssert.SameGraph(graph, read);
                Assert.Equal(NirGraph.WriterVersion, read.Version);
            }
        }
    }

    [Hdf5Fact]
    public void Arrays_are_gzip_chunked_only_when_asked_and_scalars_stay_contiguous()
    {
        (_, NirNode node, long[] input) = NirSamples.EveryType(3).Single(s => s.Type == "Conv2d");
        NirGraph graph = NirSamples.Chain(node, input);
        using TempDirectory temp = new();
        NirFile.Write(temp.File("gz.nir"), graph);
        NirFile.Write(temp.File("plain.nir"), graph, gzip: false);
        // A deflated 4×1×3×3 weight of random floats is not smaller, but the file carries the filter pipeline: compare
        // against the size of the same graph without compression, and read both back.
        Assert.NotEqual(new FileInfo(temp.File("gz.nir")).Length, new FileInfo(temp.File("plain.nir")).Length);
        NirAssert.SameGraph(NirFile.Read(temp.File("gz.nir")), NirFile.Read(temp.File("plain.nir")));
        Assert.Throws<IOException>(() => NirFile.Write(temp.File("gz.nir"), graph));
        NirFile.Write(temp.File("gz.nir"), graph, overwrite: true);
    }

    [Hdf5Fact]
    public void Nested_graphs_and_cycles_round_trip_and_missing_v_reset_and_w_in_get_defaults()
    {
        var r = new Random(5);
        var inner = new NirGraph()
            .Add("input", NirSamples.Port("Input", 3))
            .Add("lif", new NirNode("CubaLIF", [
                KeyValuePair.Create<string, NirValue>("tau_syn", NirSamples.Positive(r, NirDType.Float64, 3)),
                KeyValuePair.Create<string, NirValue>("tau_mem", NirSamples.Positive(r, NirDType.Float64, 3)),
                KeyValuePair.Create<string, NirValue>("r", NirSamples.Random(r, NirDType.Float64, 3)),
                KeyValuePair.Create<string, NirValue>("v_leak", NirSamples.Random(r, NirDType.Float64, 3)),
                KeyValuePair.Create<string, NirValue>("v_threshold", NirSamples.Random(r, NirDType.Float64, 3))]))
            .Add("w_rec", new NirNode("Linear", [KeyValuePair.Create<string, NirValue>("weight", NirSamples.Random(r, NirDType.Float32, 3, 3))]))
            .Add("output", NirSamples.Port("Output", 3))
            .Connect("input", "lif").Connect("lif", "w_rec").Connect("w_rec", "lif").Connect("lif", "output");
        inner.Metadata.Entries["kind"] = NirText.Scalar("RSynaptic");
        var graph = new NirGraph()
            .Add("input", NirSamples.Port("Input", 2))
            .Add("fc", new NirNode("Linear", [KeyValuePair.Create<string, NirValue>("weight", NirSamples.Random(r, NirDType.Float32, 3, 2))]))
            .Add("rnn", new NirNode(inner))
            .Add("output", NirSamples.Port("Output", 3))
            .Connect("input", "fc").Connect("fc", "rnn").Connect("rnn", "output");

        NirGraph read = NirFile.ReadImage(NirFile.ToImage(graph), "nested.nir");

        NirNode lif = read.Nodes["rnn"].Graph!.Nodes["lif"];
        Assert.Equal(new double[3], lif.Array("v_reset").Values);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, lif.Array("w_in").Values);
        Assert.Equal(NirDType.Float64, lif.Array("w_in").DType);
        // The defaults are filled in on read; everything else is as written.
        inner.Nodes["lif"].Fields["v_reset"] = lif.Array("v_reset");
        inner.Nodes["lif"].Fields["w_in"] = lif.Array("w_in");
        NirAssert.SameGraph(graph, read);
        IReadOnlyList<NirPlanNode> plan = NirTopology.Plan(read, "nested.nir");
        Assert.Equal(["input", "fc", "rnn.input", "rnn.lif", "rnn.output", "output", "rnn.w_rec"], plan.Select(p => p.Path).ToArray());
        NirPlanNode lifPlan = plan.Single(p => p.Path == "rnn.lif");
        Assert.Equal("rnn.w_rec", plan[Assert.Single(lifPlan.RecurrentInputs)].Path);
    }

    [Hdf5Fact]
    public void Node_order_comes_from_the_edges_not_from_names()
    {
        var r = new Random(2);
        var graph = new NirGraph()
            .Add("a_out", NirSamples.Port("Output", 2))
            .Add("b_in", NirSamples.Port("Input", 2))
            .Add("c2", new NirNode("Scale", [KeyValuePair.Create<string, NirValue>("scale", NirSamples.Random(r, NirDType.Float32, 2))]))
            .Add("c10", new NirNode("Scale", [KeyValuePair.Create<string, NirValue>("scale", NirSamples.Random(r, NirDType.Float32, 2))]))
            .Connect("c2", "a_out").Connect("c10", "c2").Connect("b_in", "c10");
        NirGraph read = NirFile.ReadImage(NirFile.ToImage(graph), "order.nir");
        Assert.Equal(["b_in", "c10", "c2", "a_out"], NirTopology.Plan(read, "order.nir").Select(p => p.Path).ToArray());
    }

    [Hdf5Fact]
    public void A_graph_without_edges_stores_an_empty_float64_edges_dataset()
    {
        var graph = new NirGraph().Add("input", NirSamples.Port("Input", 1)).Add("output", NirSamples.Port("Output", 1));
        byte[] image = NirFile.ToImage(graph);
        using (Hdf5File file = Hdf5File.OpenImage(image, "empty.nir"))
        using (Hdf5Dataset edges = file.OpenDataset("node/edges"))
        {
            Assert.Equal(Hdf5TypeClass.Float, edges.TypeClass);
            Assert.Equal([0L], edges.Dimensions);
        }
        Assert.Empty(NirFile.ReadImage(image, "empty.nir").Edges);
    }
}
