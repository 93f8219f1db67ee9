using Dendrite.Interop.Nir;

namespace Dendrite.Tests.Interop.Nir;

/// <summary>Small NIR nodes of every type with random parameters, each in a graph Input → node → Output.</summary>
internal static class NirSamples
{
    public static NirArray Random(Random random, NirDType dtype, params long[] shape)
    {
        long count = shape.Aggregate(1L, (p, d) => p * d);
        double[] values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double v = random.NextDouble() * 2 - 1;
            values[i] = dtype == NirDType.Float32 ? (float)v : v;
        }
        return new NirArray(dtype, shape, values);
    }

    public static NirArray Positive(Random random, NirDType dtype, params long[] shape)
    {
        NirArray a = Random(random, dtype, shape);
        return a with { Values = Array.ConvertAll(a.Values, v => dtype == NirDType.Float32 ? (float)(1e-3 + Math.Abs(v) * 1e-2) : 1e-3 + Math.Abs(v) * 1e-2) };
    }

    /// <summary>(type, node, input shape) for every node type.</summary>
    public static IEnumerable<(string Type, NirNode Node, long[] Input)> EveryType(int seed, NirDType dtype = NirDType.Float32)
    {
        var r = new Random(seed);
        NirNode N(string type, params (string, NirValue)[] fields) => new(type, fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));
        yield return ("Affine", N("Affine", ("weight", Random(r, dtype, 3, 4)), ("bias", Random(r, dtype, 3))), [4]);
        yield return ("Linear", N("Linear", ("weight", Random(r, dtype, 3, 4))), [4]);
        yield return ("Scale", N("Scale", ("scale", Random(r, dtype, 4))), [4]);
        yield return ("Conv1d", N("Conv1d", ("weight", Random(r, dtype, 4, 2, 3)), ("stride", NirArray.ScalarInt(1)), ("padding", NirArray.ScalarInt(1)),
            ("dilation", NirArray.ScalarInt(1)), ("groups", NirArray.ScalarInt(1)), ("bias", Random(r, dtype, 4)), ("input_shape", NirArray.ScalarInt(6))), [2, 6]);
        yield return ("Conv2d", N("Conv2d", ("weight", Random(r, dtype, 4, 1, 3, 3)), ("stride", NirArray.Int64(2, 1)), ("padding", NirArray.Int64(1, 0)),
            ("dilation", NirArray.Int64(1, 1)), ("groups", NirArray.ScalarInt(2)), ("bias", Random(r, dtype, 4)), ("input_shape", NirArray.Int64(5, 6))), [2, 5, 6]);
        yield return ("SumPool2d", N("SumPool2d", ("kernel_size", NirArray.Int64(2, 2)), ("stride", NirArray.Int64(2, 2)), ("padding", NirArray.Int64(0, 0))), [2, 4, 4]);
        yield return ("AvgPool2d", N("AvgPool2d", ("kernel_size", NirArray.Int64(2, 2)), ("stride", NirArray.Int64(1, 1)), ("padding", NirArray.Int64(1, 1))), [2, 4, 4]);
        yield return ("Flatten", N("Flatten", ("input_type", NirArray.Int64(2, 3, 4)), ("start_dim", NirArray.ScalarInt(0)), ("end_dim", NirArray.ScalarInt(-1))), [2, 3, 4]);
        yield return ("Delay", N("Delay", ("delay", new NirArray(dtype, [3], dtype == NirDType.Float32 ? [0.0, (float)1e-3, (float)2e-3] : [0.0, 1e-3, 2e-3]))), [3]);
        yield return ("Threshold", N("Threshold", ("threshold", Random(r, dtype, 3))), [3]);
        yield return ("I", N("I", ("r", Random(r, dtype, 3))), [3]);
        yield return ("IF", N("IF", ("r", Random(r, dtype, 3)), ("v_threshold", Random(r, dtype, 3)), ("v_reset", Random(r, dtype, 3))), [3]);
        yield return ("LI", N("LI", ("tau", Positive(r, dtype, 3)), ("r", Random(r, dtype, 3)), ("v_leak", Random(r, dtype, 3))), [3]);
        yield return ("LIF", N("LIF", ("tau", Positive(r, dtype, 3)), ("r", Random(r, dtype, 3)), ("v_leak", Random(r, dtype, 3)),
            ("v_threshold", Random(r, dtype, 3)), ("v_reset", Random(r, dtype, 3))), [3]);
        yield return ("CubaLI", N("CubaLI", ("tau_syn", Positive(r, dtype, 3)), ("tau_mem", Positive(r, dtype, 3)), ("r", Random(r, dtype, 3)),
            ("v_leak", Random(r, dtype, 3)), ("w_in", Random(r, dtype, 3))), [3]);
        yield return ("CubaLIF", N("CubaLIF", ("tau_syn", Positive(r, dtype, 3)), ("tau_mem", Positive(r, dtype, 3)), ("r", Random(r, dtype, 3)),
            ("v_leak", Random(r, dtype, 3)), ("v_threshold", Random(r, dtype, 3)), ("v_reset", Random(r, dtype, 3)), ("w_in", Random(r, dtype, 3))), [3]);
    }

    public static NirNode Port(string type, params long[] shape) => new(type, [KeyValuePair.Create<string, NirValue>("shape", NirArray.Int64(shape))]);

    /// <summary>Input → node → Output, with output shape taken from the planned node.</summary>
    public static NirGraph Chain(NirNode node, long[] input)
    {
        var probe = new NirGraph().Add("input", Port("Input", input)).Add("node", node).Connect("input", "node");
        long[] output = NirTopology.Plan(probe, "probe").Single(p => p.Path == "node").OutputShape;
        return probe.Add("output", Port("Output", output)).Connect("node", "output");
    }
}
