using Dendrite.Interop.Nir;

namespace Dendrite.Tests.Interop.Nir;

/// <summary>Tiny graphs whose forward-Euler traces are worked out by hand in the tests (dt = 1 ms).</summary>
internal static class NirHandGraphs
{
    public const double Dt = 1e-3;

    private static KeyValuePair<string, NirValue> F(string name, params double[] values) => KeyValuePair.Create<string, NirValue>(name, NirArray.Float64(values));

    /// <summary>Two LIF neurons fed the same input: (τ 5 ms, r 5, leak 0, θ 1, reset 0) and (τ 10 ms, r 2, leak 0.5, θ 0.7, reset 0.1).</summary>
    public static NirGraph Lif() => new NirGraph()
        .Add("input", NirSamples.Port("Input", 2))
        .Add("lif", new NirNode("LIF", [F("tau", 0.005, 0.01), F("r", 5, 2), F("v_leak", 0, 0.5), F("v_threshold", 1, 0.7), F("v_reset", 0, 0.1)]))
        .Add("output", NirSamples.Port("Output", 2))
        .Connect("input", "lif").Connect("lif", "output");

    /// <summary>One CubaLIF: τ_syn 2 ms, τ_mem 4 ms, r 4, w_in 2 (both Euler gains 1), leak 0, θ 1, reset 0.</summary>
    public static NirGraph CubaLif() => new NirGraph()
        .Add("input", NirSamples.Port("Input", 1))
        .Add("cuba", new NirNode("CubaLIF", [F("tau_syn", 0.002), F("tau_mem", 0.004), F("r", 4), F("w_in", 2), F("v_leak", 0), F("v_threshold", 1), F("v_reset", 0)]))
        .Add("output", NirSamples.Port("Output", 1))
        .Connect("input", "cuba").Connect("cuba", "output");

    /// <summary>One LIF (τ 5 ms, r 5, θ 1) with a recurrent weight 0.5 onto itself through a Linear node.</summary>
    public static NirGraph RecurrentLif() => new NirGraph()
        .Add("input", NirSamples.Port("Input", 1))
        .Add("lif", new NirNode("LIF", [F("tau", 0.005), F("r", 5), F("v_leak", 0), F("v_threshold", 1)]))
        .Add("w_rec", new NirNode("Linear", [KeyValuePair.Create<string, NirValue>("weight", NirArray.Float32([0.5f], 1, 1))]))
        .Add("output", NirSamples.Port("Output", 1))
        .Connect("input", "lif").Connect("lif", "w_rec").Connect("w_rec", "lif").Connect("lif", "output");
}
