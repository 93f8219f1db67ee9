using Dendrite.Interop.Nir;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

internal static class NirAssert
{
    /// <summary>Same nodes, types, dtypes, shapes, bit-identical values, metadata and edges (edge order included).</summary>
    public static void SameGraph(NirGraph expected, NirGraph actual, string path = "")
    {
        Assert.Equal(expected.Nodes.Keys, actual.Nodes.Keys);
        Assert.Equal(expected.Edges, actual.Edges);
        SameGroup(expected.Metadata, actual.Metadata, path + "metadata");
        foreach ((string name, NirNode node) in expected.Nodes)
        {
            NirNode other = actual.Nodes[name];
            Assert.Equal(node.Type, other.Type);
            if (node.Graph is not null)
            {
                SameGraph(node.Graph, other.Graph!, path + name + ".");
                continue;
            }
            SameGroup(new NirGroup(node.Fields), new NirGroup(other.Fields), path + name);
            SameGroup(node.Metadata, other.Metadata, path + name + ".metadata");
        }
    }

    public static void SameGroup(NirGroup expected, NirGroup actual, string path)
    {
        Assert.True(expected.Entries.Keys.SequenceEqual(actual.Entries.Keys), $"{path}: keys [{string.Join(",", expected.Entries.Keys)}] vs [{string.Join(",", actual.Entries.Keys)}]");
        foreach ((string key, NirValue value) in expected.Entries)
        {
            NirValue other = actual.Entries[key];
            switch (value)
            {
                case NirArray a:
                    var b = Assert.IsType<NirArray>(other);
                    Assert.True(a.DType == b.DType, $"{path}.{key}: dtype {a.DType} vs {b.DType}");
                    Assert.Equal(a.Shape, b.Shape);
                    Assert.True(a.Values.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(b.Values.Select(BitConverter.DoubleToInt64Bits)), $"{path}.{key}: values differ");
                    break;
                case NirText t:
                    var u = Assert.IsType<NirText>(other);
                    Assert.Equal(t.Shape, u.Shape);
                    Assert.Equal(t.Values, u.Values);
                    break;
                case NirGroup g:
                    SameGroup(g, Assert.IsType<NirGroup>(other), path + "." + key);
                    break;
            }
        }
    }
}
