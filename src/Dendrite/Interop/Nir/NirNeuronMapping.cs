using System.Globalization;

namespace Dendrite.Interop.Nir;

/// <summary>A NIR neuron node as a Dendrite neuron layer: config kind and options, per-neuron tensors, and the input gain to fold into the weights.</summary>
internal sealed record DendriteNeuron(string Kind, Dictionary<string, float[]> Tensors, double[] Gain, List<(string Key, string Value)> Options);

/// <summary>
/// Forward Euler v ← (1 − dt/τ)·v + (dt·r/τ)·I is Dendrite's u ← β·u + x with β = 1 − dt/τ once the gain dt·r/τ is
/// folded into the input weights (exact, since the dynamics are linear below threshold); CubaLIF likewise with
/// α = 1 − dt/τ_syn and gain (dt·w_in/τ_syn)·(dt·r/τ_mem). Dendrite-only behaviour exported as metadata is restored.
/// </summary>
internal static class NirNeuronMapping
{
    public static DendriteNeuron Map(NirPlanNode plan, double dt, NirConvention convention, List<string> notes, string source)
    {
        NirNode node = plan.Node;
        string path = plan.Path;
        int n = (int)plan.OutputShape.Aggregate(1L, (p, d) => p * d);
        bool norse = convention == NirConvention.Norse;
        double[] r = node.Array("r").Values;
        if (norse && node.Type is not "CubaLIF" && r.Any(v => v != 1.0))
        {
            notes.Add($"{path}: Norse ignores r of {node.Type}; the input enters unscaled.");
            r = Enumerable.Repeat(1.0, n).ToArray();
        }
        if (node.Type is "LI" or "LIF" or "CubaLIF" or "CubaLI" && node.Array("v_leak").Values.Any(v => v != 0))
        {
            throw new NirFormatException(source, path, $"v_leak ≠ 0 has no Dendrite {node.Type} layer counterpart (they leak towards 0); run the graph with `dendrite run` instead.");
        }
        if (NirNodeTypes.Spikes(node.Type) && node.Array("v_reset").Values.Any(v => v != 0))
        {
            if (!norse)
            {
                throw new NirFormatException(source, path, "v_reset ≠ 0 cannot be stored in a run-folder config (layers reset to 0); run the graph with `dendrite run` instead.");
            }
            notes.Add($"{path}: Norse does not pass v_reset; neurons reset to 0.");
        }
        var options = new List<(string, string)>();
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        double[] gain;
        string kind;
        switch (node.Type)
        {
            case "LIF" or "LI":
                double[] tau = node.Array("tau").Values;
                tensors["beta"] = Decay(tau, dt, source, path, "tau");
                gain = tau.Select((t, j) => dt * r[j] / t).ToArray();
                kind = node.Type == "LIF" ? "lif" : "li";
                if (node.Type == "LI" && node.MetadataText("dendrite_li_form") == "decay" && node.Metadata.Entries.GetValueOrDefault("dendrite_li_tau") is NirArray { Count: var c } steps && c == n)
                {
                    // Dendrite's decay-form readout: its own τ (in steps) round-trips exactly; its (1 − α) gain is part of the form.
                    tensors.Remove("beta");
                    tensors["tau"] = steps.ToSingles();
                    gain = Enumerable.Repeat(1.0, n).ToArray();
                    options.Add(("tau_mem", Format(steps.Values[0])));
                    notes.Add($"{path}: restored Dendrite's decay-form LI from metadata dendrite_li_tau.");
                }
                break;
            case "IF" or "I":
                tensors["beta"] = Enumerable.Repeat(1f, n).ToArray();
                gain = r.Select(v => dt * v).ToArray();
                kind = node.Type == "IF" ? "if" : "li";
                break;
            case "CubaLIF":
                double[] tauSyn = node.Array("tau_syn").Values;
                double[] tauMem = node.Array("tau_mem").Values;
                double[] wIn = node.Array("w_in").Values;
                tensors["alpha"] = Decay(tauSyn, dt, source, path, "tau_syn");
                tensors["beta"] = Decay(tauMem, dt, source, path, "tau_mem");
                gain = tauMem.Select((t, j) => dt * wIn[j] / tauSyn[j] * (dt * r[j] / t)).ToArray();
                kind = "cubalif";
                break;
            default:
                throw new NirFormatException(source, path, $"{node.Type} has no Dendrite layer in a run-folder network (dense linear/neuron chains only); run the graph with `dendrite run` instead.");
        }
        if (NirNodeTypes.Spikes(node.Type))
        {
            tensors["threshold"] = node.Array("v_threshold").ToSingles();
            Behaviour(node, path, options, notes);
        }
        if (tensors.TryGetValue("alpha", out float[]? alpha))
        {
            options.Add(("alpha", Format(alpha[0])));
        }
        if (tensors.TryGetValue("beta", out float[]? beta) && kind != "if")
        {
            options.Add(("beta", Format(beta[0])));
        }
        return new DendriteNeuron(kind, tensors, gain, options);
    }

    // The reset, timing and comparison NIR implies (zero reset in the same step, strict >) unless metadata from Dendrite says otherwise.
    private static void Behaviour(NirNode node, string path, List<(string, string)> options, List<string> notes)
    {
        string reset = node.MetadataText("dendrite_reset") ?? "zero";
        string timing = node.MetadataText("dendrite_reset_timing") ?? "same_step";
        string comparison = node.MetadataText("dendrite_spike_comparison") ?? "gt";
        if (reset is not ("zero" or "subtract" or "none") || timing is not ("same_step" or "next_step") || comparison is not ("gt" or "ge"))
        {
            throw new NirFormatException("graph", path, $"unknown Dendrite metadata: reset '{reset}', reset_timing '{timing}', spike_comparison '{comparison}'.");
        }
        options.Add(("reset", reset));
        options.Add(("reset_timing", timing));
        options.Add(("spike_comparison", comparison));
        if (node.MetadataText("dendrite_detach_reset") is "true" or "false")
        {
            options.Add(("detach_reset", node.MetadataText("dendrite_detach_reset")!));
        }
        if (reset != "zero" || timing != "same_step" || comparison != "gt")
        {
            notes.Add($"{path}: restored Dendrite-only behaviour from metadata (reset {reset}, {timing}, {comparison}); other NIR tools reset to v_reset in the same step at v > θ.");
        }
        if (node.MetadataText("dendrite_surrogate") is string surrogate)
        {
            notes.Add($"{path}: metadata names the training surrogate {surrogate}; the imported config uses the model default.");
        }
    }

    private static float[] Decay(double[] tau, double dt, string source, string path, string name)
    {
        var decay = new float[tau.Length];
        for (int j = 0; j < tau.Length; j++)
        {
            double d = 1.0 - dt / tau[j];
            if (d < 0)
            {
                throw new NirFormatException(source, path, $"{name}[{j}] = {tau[j]} s is shorter than dt = {dt} s; forward Euler would overshoot (1 − dt/τ < 0). Use a smaller --dt.");
            }
            decay[j] = (float)d;
        }
        return decay;
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
