using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;

namespace Dendrite.Interop.Nir;

/// <summary>
/// Writes a <see cref="SpikingNetwork"/> as a NIR graph with the snnTorch mapping at an explicit dt (docs/nir.md):
/// a neuron layer becomes its projection (Affine/Linear <c>fcI</c>) plus the neuron node, a recurrent layer adds
/// <c>recI</c> in a cycle. τ and r are written as float64 so β = 1 − dt/τ comes back bit-exactly. Behaviour NIR cannot
/// express (subtractive or delayed reset, ≥ comparison, surrogate, LI decay form) goes into the node's metadata as
/// <c>dendrite_*</c> entries and into <see cref="Notes"/>.
/// </summary>
public sealed class NirExporter
{
    private readonly double _dt;
    private readonly NirGraph _graph = new();
    private readonly List<string> _notes = [];

    private NirExporter(double dt) => _dt = dt;

    /// <summary>What the graph cannot express natively and was written to metadata instead.</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <exception cref="NotSupportedException">A layer has no NIR counterpart; the message names it.</exception>
    public static (NirGraph Graph, IReadOnlyList<string> Notes) Export(SpikingNetwork network, double dt)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "dt must be a positive number of seconds.");
        }
        var exporter = new NirExporter(dt);
        exporter.Build(network);
        return (exporter._graph, exporter._notes);
    }

    private void Build(SpikingNetwork network)
    {
        int width = network.Layers.Count == 0 ? 0 : network.Layers[0] switch
        {
            Linear l => l.Inputs,
            LifLayer l => l.Inputs,
            CubaLifLayer l => l.Inputs,
            LiLayer l => l.Inputs,
            Module m => throw new NotSupportedException($"layer 0 ({m.GetType().Name}) has no NIR counterpart."),
        };
        _graph.Add("input", Port("Input", width));
        _graph.Metadata.Entries["dt"] = NirArray.ScalarFloat(_dt);
        _graph.Metadata.Entries["source"] = NirText.Scalar("dendrite");
        _graph.Metadata.Entries["convention"] = NirText.Scalar("snntorch: beta = 1 - dt/tau, r = tau/dt, w_in = tau_syn/dt");
        string previous = "input";
        for (int i = 0; i < network.Layers.Count; i++)
        {
            Module layer = network.Layers[i];
            switch (layer)
            {
                case Linear linear:
                    previous = Projection($"fc{i}", previous, linear.Weight.Value, linear.Bias?.Value);
                    width = linear.Outputs;
                    break;
                case Dropout:
                    _notes.Add($"layer {i}: dropout is the identity at inference and is left out.");
                    break;
                case LifLayer lif:
                    previous = Neuron(i, previous, lif.Weight, lif.Bias, lif.RecurrentWeight, lif.RecurrentBias, Lif(i, lif));
                    width = lif.Neurons;
                    break;
                case CubaLifLayer cuba:
                    previous = Neuron(i, previous, cuba.Weight, cuba.Bias, cuba.RecurrentWeight, cuba.RecurrentBias, CubaLif(i, cuba));
                    width = cuba.Neurons;
                    break;
                case LiLayer li:
                    previous = Neuron(i, previous, li.Weight, li.Bias, null, null, Li(li));
                    width = li.Neurons;
                    break;
                default:
                    throw new NotSupportedException($"layer {i} ({layer.GetType().Name}) has no NIR counterpart; NIR export covers linear, lif, if, cubalif and li layers.");
            }
        }
        _graph.Add("output", Port("Output", width)).Connect(previous, "output");
    }

    private string Neuron(int index, string previous, Tensor weight, Tensor? bias, Tensor? recurrent, Tensor? recurrentBias, NirNode node)
    {
        string fc = Projection($"fc{index}", previous, weight, bias);
        string name = node.Type.ToLowerInvariant() + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _graph.Add(name, node).Connect(fc, name);
        if (recurrent is not null)
        {
            string rec = $"rec{index}";
            _graph.Add(rec, Dense(recurrent, recurrentBias)).Connect(name, rec).Connect(rec, name);
        }
        return name;
    }

    private string Projection(string name, string previous, Tensor weight, Tensor? bias)
    {
        _graph.Add(name, Dense(weight, bias)).Connect(previous, name);
        return name;
    }

    private static NirNode Dense(Tensor weight, Tensor? bias)
    {
        var fields = new List<KeyValuePair<string, NirValue>> { new("weight", NirArray.Float32(weight.Span, weight.Shape[0], weight.Shape[1])) };
        if (bias is not null)
        {
            fields.Add(new("bias", NirArray.Float32(bias.Span)));
        }
        return new NirNode(bias is null ? "Linear" : "Affine", fields);
    }

    private NirNode Lif(int index, LifLayer layer)
    {
        LifParameters p = layer.Config;
        ReadOnlySpan<float> beta = layer.Beta.Span;
        bool integrate = All(beta, b => b == 1f);
        var fields = new List<KeyValuePair<string, NirValue>>();
        if (integrate)
        {
            fields.Add(new("r", Fill(beta.Length, 1.0 / _dt)));
        }
        else
        {
            double[] tau = Tau(beta, $"layer {index}: beta");
            fields.Add(new("tau", NirArray.Float64(tau)));
            fields.Add(new("r", NirArray.Float64(Array.ConvertAll(tau, t => t / _dt))));
            fields.Add(new("v_leak", NirArray.Float32(new float[beta.Length])));
        }
        fields.Add(new("v_threshold", NirArray.Float32(layer.Threshold.Span)));
        fields.Add(new("v_reset", NirArray.Float32(Enumerable.Repeat((float)(p.Reset == ResetMode.ToValue ? p.ResetValue : 0.0), beta.Length).ToArray())));
        var node = new NirNode(integrate ? "IF" : "LIF", fields);
        Extras(node, index, p.Reset, p.Timing, p.Comparison, p.DetachReset, p.Surrogate);
        return node;
    }

    private NirNode CubaLif(int index, CubaLifLayer layer)
    {
        CubaLifParameters p = layer.Config;
        if (p.Form != CubaLifForm.Synaptic)
        {
            throw new NotSupportedException($"layer {index}: a CubaLifLayer in Norse form (jump synapse) has no exact NIR CubaLIF counterpart.");
        }
        double[] tauSyn = Tau(layer.NeuronParameters[0].Span, $"layer {index}: alpha");
        double[] tauMem = Tau(layer.NeuronParameters[1].Span, $"layer {index}: beta");
        var node = new NirNode("CubaLIF", [
            new("tau_syn", NirArray.Float64(tauSyn)),
            new("tau_mem", NirArray.Float64(tauMem)),
            new("r", NirArray.Float64(Array.ConvertAll(tauMem, t => t / _dt))),
            new("w_in", NirArray.Float64(Array.ConvertAll(tauSyn, t => t / _dt))),
            new("v_leak", NirArray.Float32(new float[tauMem.Length])),
            new("v_threshold", NirArray.Float32(layer.NeuronParameters[2].Span)),
            new("v_reset", NirArray.Float32(Enumerable.Repeat((float)(p.Reset == ResetMode.ToValue ? p.ResetValue : 0.0), tauMem.Length).ToArray())),
        ]);
        Extras(node, index, p.Reset, p.Timing, p.Comparison, p.DetachReset, p.Surrogate);
        return node;
    }

    private NirNode Li(LiLayer layer)
    {
        ReadOnlySpan<float> parameter = layer.TimeConstant.Span;
        double[] decay = new double[parameter.Length];
        for (int j = 0; j < decay.Length; j++)
        {
            // Decay form u ← αu + (1 − α)x with α = exp(−Δ/τ): its Euler τ is dt/(1 − α) and its input gain 1 − α (r = 1).
            decay[j] = layer.Config.Form == LiForm.Decay ? Math.Exp(-layer.Config.Dt / parameter[j]) : parameter[j];
        }
        double[] tau = Tau(decay, "LI decay");
        var node = new NirNode("LI", [
            new("tau", NirArray.Float64(tau)),
            new("r", NirArray.Float64(layer.Config.Form == LiForm.Decay ? Enumerable.Repeat(1.0, tau.Length).ToArray() : Array.ConvertAll(tau, t => t / _dt))),
            new("v_leak", NirArray.Float32(new float[tau.Length])),
        ]);
        if (layer.Config.Form == LiForm.Decay)
        {
            node.Metadata.Entries["dendrite_li_form"] = NirText.Scalar("decay");
            node.Metadata.Entries["dendrite_li_tau"] = NirArray.Float32(parameter);
            _notes.Add("LI readout in decay form: exported as LI(τ = dt/(1 − α), r = 1); its τ in steps is kept in metadata dendrite_li_tau.");
        }
        return node;
    }

    // Writes what NIR's LIF/CubaLIF (Euler, same-step reset to v_reset, strict >) cannot say.
    private void Extras(NirNode node, int index, ResetMode reset, ResetTiming timing, SpikeComparison comparison, bool detach, Surrogates.ISurrogate surrogate)
    {
        var m = node.Metadata.Entries;
        if (reset is ResetMode.Subtract or ResetMode.None)
        {
            m["dendrite_reset"] = NirText.Scalar(reset == ResetMode.Subtract ? "subtract" : "none");
            _notes.Add($"layer {index}: {(reset == ResetMode.Subtract ? "subtractive" : "no")} reset is not NIR; recorded in metadata dendrite_reset (NIR readers reset to v_reset).");
        }
        if (timing == ResetTiming.NextStep)
        {
            m["dendrite_reset_timing"] = NirText.Scalar("next_step");
            _notes.Add($"layer {index}: reset in the next step (snnTorch reset_delay) is not NIR; recorded in metadata dendrite_reset_timing.");
        }
        if (comparison == SpikeComparison.GreaterOrEqual)
        {
            m["dendrite_spike_comparison"] = NirText.Scalar("ge");
            _notes.Add($"layer {index}: spiking at v ≥ θ is not NIR (strict >); recorded in metadata dendrite_spike_comparison.");
        }
        m["dendrite_detach_reset"] = NirText.Scalar(detach ? "true" : "false");
        m["dendrite_surrogate"] = NirText.Scalar(surrogate.ToString() ?? surrogate.GetType().Name);
    }

    /// <summary>τ = dt/(1 − decay) in double; a decay of 1 (no leak) or outside [0, 1] has no LIF/LI τ.</summary>
    private double[] Tau(ReadOnlySpan<float> decay, string what) => Tau(Widen(decay), what);

    private double[] Tau(double[] decay, string what)
    {
        var tau = new double[decay.Length];
        for (int j = 0; j < decay.Length; j++)
        {
            if (!(decay[j] >= 0 && decay[j] < 1))
            {
                throw new NotSupportedException($"{what}[{j}] = {decay[j]}: a decay must lie in [0, 1) to become a NIR time constant (τ = dt/(1 − decay)).");
            }
            tau[j] = _dt / (1.0 - decay[j]);
        }
        return tau;
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var wide = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            wide[i] = values[i];
        }
        return wide;
    }

    private static NirArray Fill(int count, double value) => NirArray.Float64(Enumerable.Repeat(value, count).ToArray());

    private static bool All(ReadOnlySpan<float> values, Func<float, bool> predicate)
    {
        foreach (float v in values)
        {
            if (!predicate(v))
            {
                return false;
            }
        }
        return true;
    }

    private static NirNode Port(string type, long size) => new(type, [new("shape", NirArray.Int64(size))]);
}
