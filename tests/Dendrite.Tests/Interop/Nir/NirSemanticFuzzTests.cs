using Dendrite.Interop.Nir;
using Xunit;

namespace Dendrite.Tests.Interop.Nir;

/// <summary>
/// Well-formed HDF5 with wrong NIR content (missing datasets, wrong shapes, wrong types, bad edges): parsing, planning
/// and simulating must succeed or throw <see cref="NirFormatException"/> naming a node, never anything else.
/// </summary>
public sealed class NirSemanticFuzzTests
{
    private const int Seed = 8080;

    private static readonly NirValue[] s_replacements =
    [
        NirText.Scalar("same"), NirText.Scalar(""), new NirGroup(), NirArray.ScalarInt(-1), NirArray.ScalarInt(0), NirArray.ScalarFloat(double.NaN),
        NirArray.Int64(0, 0), NirArray.Int64(-3), NirArray.Int64(1, 2, 3, 4, 5), new NirArray(NirDType.Float32, [0], []),
        new NirArray(NirDType.Float32, [2, 2], [1, 2, 3]), new NirArray(NirDType.Float64, [3], [1e308, -1e308, 0]),
        new NirArray(NirDType.Int64, [1], [1e12]), new NirText([1, 2], ["input", "nowhere"]), new NirText([3], ["a", "b", "c"]),
        new NirArray(NirDType.Float32, [5], [0, 0, 0, 0, 0]), NirText.Scalar("NIRGraph"), NirText.Scalar("LIF"), NirText.Scalar("Conv3d"),
    ];

    [Fact]
    public void Mutated_graph_trees_parse_or_throw_NirFormatException_naming_a_node()
    {
        var random = new Random(Seed);
        var seeds = new List<NirGroup> { NirLayoutTests.ReferenceGraph().ToTree(), NirHandGraphs.RecurrentLif().ToTree() };
        seeds.AddRange(NirSamples.EveryType(3).Select(s => NirSamples.Chain(s.Node, s.Input).ToTree()));
        int failures = 0;
        int accepted = 0;
        for (int i = 0; i < 1500; i++)
        {
            NirGroup tree = Clone(seeds[random.Next(seeds.Count)]);
            for (int edits = 1 + random.Next(3); edits > 0; edits--)
            {
                Mutate(tree, random);
            }
            try
            {
                NirGraph graph = NirGraph.FromTree(tree, "fuzz.nir");
                var simulator = new NirSimulator(graph, 1e-3, NirConvention.SnnTorch, "fuzz.nir");
                int width = (int)simulator.InputShape.Aggregate(1L, (p, d) => p * d);
                simulator.Run(new float[2 * width], 2, 1);
                accepted++;
            }
            catch (NirFormatException error)
            {
                Assert.StartsWith("fuzz.nir", error.Message, StringComparison.Ordinal);
                failures++;
            }
            catch (ArgumentException error) when (error.Message.Contains("input holds", StringComparison.Ordinal))
            {
                accepted++;
            }
        }
        Assert.True(failures > 500, $"only {failures} of 1500 mutations were rejected; the mutations are too mild to test anything");
        Assert.True(accepted > 0);
    }

    private static void Mutate(NirGroup tree, Random random)
    {
        // Walk to a random group (the root, nodes, a node, or metadata) and edit one entry of it.
        NirGroup group = tree;
        while (random.Next(3) > 0)
        {
            NirGroup[] groups = group.Entries.Values.OfType<NirGroup>().ToArray();
            if (groups.Length == 0)
            {
                break;
            }
            group = groups[random.Next(groups.Length)];
        }
        if (group.Entries.Count == 0)
        {
            return;
        }
        string key = group.Entries.Keys.ElementAt(random.Next(group.Entries.Count));
        switch (random.Next(5))
        {
            case 0:
                group.Entries.Remove(key);
                break;
            case 1:
                group.Entries[key] = s_replacements[random.Next(s_replacements.Length)];
                break;
            case 2 when group.Entries[key] is NirArray array:
                // Same values, another shape: rank or length no longer matches its neighbours.
                group.Entries[key] = array with { Shape = random.Next(2) == 0 ? [array.Count + 1] : [.. array.Shape, 1] };
                break;
            case 3 when group.Entries[key] is NirArray array && array.Count > 0:
                double[] values = (double[])array.Values.Clone();
                values[random.Next(values.Length)] = new[] { 0.0, -1.0, double.NaN, double.PositiveInfinity, 1e9, -1e9 }[random.Next(6)];
                group.Entries[key] = array with { Values = values };
                break;
            case 4 when group.Entries[key] is NirText { Values.Length: > 0 } text:
                string[] strings = (string[])text.Values.Clone();
                strings[random.Next(strings.Length)] = new[] { "", "missing", "input", "output", "lif.x", "NIRGraph" }[random.Next(6)];
                group.Entries[key] = text with { Values = strings };
                break;
            default:
                group.Entries["extra"] = s_replacements[random.Next(s_replacements.Length)];
                break;
        }
    }

    private static NirGroup Clone(NirGroup group)
    {
        var copy = new NirGroup();
        foreach ((string key, NirValue value) in group.Entries)
        {
            copy.Entries[key] = value switch
            {
                NirGroup g => Clone(g),
                NirArray a => a with { Shape = (long[])a.Shape.Clone(), Values = (double[])a.Values.Clone() },
                NirText t => t with { Values = (string[])t.Values.Clone() },
                _ => value,
            };
        }
        return copy;
    }
}
