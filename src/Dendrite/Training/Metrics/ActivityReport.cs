using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dendrite.Training.Metrics;

/// <summary>Spike counts of one layer over an evaluation: the input to <see cref="ActivityReport.Compute"/>.</summary>
/// <param name="Name">Layer name shown in tables.</param>
/// <param name="SpikesPerNeuron">Spikes of each neuron summed over all steps and samples.</param>
/// <param name="FanOut">Synapses each spike of this layer drives (targets per neuron; 0 for the output layer).</param>
public sealed record LayerSpikeCounts(string Name, IReadOnlyList<long> SpikesPerNeuron, long FanOut);

/// <summary>The activity of one layer, per sample unless named otherwise.</summary>
/// <param name="FiringRate">Spikes per neuron per step (firing probability).</param>
/// <param name="SpikesPerNeuron">Spikes per neuron per sample.</param>
/// <param name="SilentFraction">Fraction of neurons that never spiked over the whole evaluation.</param>
/// <param name="SynOps">Synaptic operations per sample: Σ spikes × fan-out.</param>
/// <param name="DenseMacs">Multiply-accumulates per sample a dense (ANN) layer would do: neurons × fan-out × T.</param>
/// <param name="EnergySnnPicojoules">SynOps × 0.9 pJ.</param>
/// <param name="EnergyAnnPicojoules">DenseMacs × 4.6 pJ.</param>
public sealed record LayerActivity(
    string Name, int Neurons, long FanOut, long Spikes, double FiringRate, double SpikesPerNeuron, double SilentFraction,
    double SynOps, double DenseMacs, double EnergySnnPicojoules, double EnergyAnnPicojoules);

/// <summary>
/// Per-layer activity, synaptic operations and an energy estimate for a spiking network, the numbers the
/// field reports (learning.md §9).
/// </summary>
/// <remarks>
/// Energy uses the 45 nm figures of Horowitz, "Computing's energy problem (and what we can do about it)",
/// ISSCC 2014: a 32-bit float add costs 0.9 pJ and a multiply 3.7 pJ, so an accumulate (one per spike per
/// synapse) costs 0.9 pJ and a multiply-accumulate 4.6 pJ. It counts arithmetic only, not memory traffic,
/// which often dominates on real hardware: treat the ratio as a proxy, not a measurement.
/// </remarks>
public sealed record ActivityReport(int Steps, long Samples, IReadOnlyList<LayerActivity> Layers)
{
    /// <summary>Energy of one accumulate (spike-driven synaptic operation), 45 nm (Horowitz 2014).</summary>
    public const double PicojoulesPerAccumulate = 0.9;

    /// <summary>Energy of one multiply-accumulate, 45 nm (Horowitz 2014).</summary>
    public const double PicojoulesPerMac = 4.6;

    public int Neurons => Layers.Sum(l => l.Neurons);

    /// <summary>Spikes per neuron per step over all layers (neuron-weighted).</summary>
    public double FiringRate => Neurons == 0 || Steps == 0 || Samples == 0 ? 0 : Layers.Sum(l => (double)l.Spikes) / ((double)Neurons * Steps * Samples);

    /// <summary>Fraction of all neurons that never spiked.</summary>
    public double SilentFraction => Neurons == 0 ? 0 : Layers.Sum(l => l.SilentFraction * l.Neurons) / Neurons;

    public double SynOps => Layers.Sum(l => l.SynOps);

    public double DenseMacs => Layers.Sum(l => l.DenseMacs);

    public double EnergySnnPicojoules => Layers.Sum(l => l.EnergySnnPicojoules);

    public double EnergyAnnPicojoules => Layers.Sum(l => l.EnergyAnnPicojoules);

    /// <summary>How many times less arithmetic energy the spiking network needs than its dense equivalent
    /// (infinite when nothing spiked).</summary>
    public double EnergyRatio => EnergySnnPicojoules == 0 ? double.PositiveInfinity : EnergyAnnPicojoules / EnergySnnPicojoules;

    /// <summary>Computes the report from spike counts accumulated over <paramref name="samples"/> samples of
    /// <paramref name="steps"/> steps each.</summary>
    public static ActivityReport Compute(IReadOnlyList<LayerSpikeCounts> layers, int steps, long samples)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var result = new LayerActivity[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpikeCounts layer = layers[i];
            ArgumentOutOfRangeException.ThrowIfNegative(layer.FanOut);
            int neurons = layer.SpikesPerNeuron.Count;
            long spikes = 0;
            int silent = 0;
            foreach (long count in layer.SpikesPerNeuron)
            {
                if (count < 0)
                {
                    throw new ArgumentException($"Layer '{layer.Name}': spike counts must be >= 0, found {count}.", nameof(layers));
                }
                spikes += count;
                silent += count == 0 ? 1 : 0;
            }
            double synOps = (double)spikes * layer.FanOut / samples;
            double macs = (double)neurons * layer.FanOut * steps;
            result[i] = new LayerActivity(
                layer.Name, neurons, layer.FanOut, spikes,
                FiringRate: neurons == 0 ? 0 : spikes / ((double)neurons * steps * samples),
                SpikesPerNeuron: neurons == 0 ? 0 : spikes / ((double)neurons * samples),
                SilentFraction: neurons == 0 ? 0 : silent / (double)neurons,
                SynOps: synOps,
                DenseMacs: macs,
                EnergySnnPicojoules: synOps * PicojoulesPerAccumulate,
                EnergyAnnPicojoules: macs * PicojoulesPerMac);
        }
        return new ActivityReport(steps, samples, result);
    }

    /// <summary>A fixed-width text table, one row per layer plus a total row.</summary>
    public string ToTable()
    {
        var rows = new List<string[]>
        {
            new[] { "layer", "neurons", "rate/step", "spikes/neuron", "silent", "SynOps", "dense MACs", "E_snn", "E_ann" },
        };
        foreach (LayerActivity l in Layers)
        {
            rows.Add([l.Name, l.Neurons.ToString(CultureInfo.InvariantCulture), F(l.FiringRate, "0.0000"), F(l.SpikesPerNeuron, "0.00"),
                F(l.SilentFraction * 100, "0.0") + "%", Si(l.SynOps, ""), Si(l.DenseMacs, ""),
                Si(l.EnergySnnPicojoules * 1e-12, "J"), Si(l.EnergyAnnPicojoules * 1e-12, "J")]);
        }
        rows.Add(["total", Neurons.ToString(CultureInfo.InvariantCulture), F(FiringRate, "0.0000"), "", F(SilentFraction * 100, "0.0") + "%",
            Si(SynOps, ""), Si(DenseMacs, ""), Si(EnergySnnPicojoules * 1e-12, "J"), Si(EnergyAnnPicojoules * 1e-12, "J")]);

        int[] widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (string[] row in rows)
        {
            for (int c = 0; c < row.Length; c++)
            {
                text.Append(c == 0 ? row[c].PadRight(widths[c]) : "  " + row[c].PadLeft(widths[c]));
            }
            text.Append('\n');
        }
        text.Append(CultureInfo.InvariantCulture, $"per sample, T = {Steps}, {Samples} samples; energy at 45 nm: 0.9 pJ/AC, 4.6 pJ/MAC (Horowitz 2014); ANN/SNN = {F(EnergyRatio, "0.00")}x\n");
        return text.ToString();
    }

    /// <summary>Writes the report as a JSON object (snake_case keys, per-sample figures).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("steps", Steps);
        writer.WriteNumber("samples", Samples);
        writer.WriteNumber("firing_rate", FiringRate);
        writer.WriteNumber("silent_fraction", SilentFraction);
        writer.WriteNumber("synops", SynOps);
        writer.WriteNumber("dense_macs", DenseMacs);
        writer.WriteNumber("energy_snn_pj", EnergySnnPicojoules);
        writer.WriteNumber("energy_ann_pj", EnergyAnnPicojoules);
        writer.WriteStartArray("layers");
        foreach (LayerActivity l in Layers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", l.Name);
            writer.WriteNumber("neurons", l.Neurons);
            writer.WriteNumber("fan_out", l.FanOut);
            writer.WriteNumber("spikes", l.Spikes);
            writer.WriteNumber("firing_rate", l.FiringRate);
            writer.WriteNumber("spikes_per_neuron", l.SpikesPerNeuron);
            writer.WriteNumber("silent_fraction", l.SilentFraction);
            writer.WriteNumber("synops", l.SynOps);
            writer.WriteNumber("dense_macs", l.DenseMacs);
            writer.WriteNumber("energy_snn_pj", l.EnergySnnPicojoules);
            writer.WriteNumber("energy_ann_pj", l.EnergyAnnPicojoules);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a report written by <see cref="WriteTo"/>.</summary>
    public static ActivityReport FromJson(JsonElement json)
    {
        var layers = new List<LayerActivity>();
        foreach (JsonElement l in json.GetProperty("layers").EnumerateArray())
        {
            layers.Add(new LayerActivity(
                l.GetProperty("name").GetString() ?? "", l.GetProperty("neurons").GetInt32(), l.GetProperty("fan_out").GetInt64(),
                l.GetProperty("spikes").GetInt64(), l.GetProperty("firing_rate").GetDouble(), l.GetProperty("spikes_per_neuron").GetDouble(),
                l.GetProperty("silent_fraction").GetDouble(), l.GetProperty("synops").GetDouble(), l.GetProperty("dense_macs").GetDouble(),
                l.GetProperty("energy_snn_pj").GetDouble(), l.GetProperty("energy_ann_pj").GetDouble()));
        }
        return new ActivityReport(json.GetProperty("steps").GetInt32(), json.GetProperty("samples").GetInt64(), layers);
    }

    private static string F(double value, string format) =>
        double.IsPositiveInfinity(value) ? "inf" : value.ToString(format, CultureInfo.InvariantCulture);

    // Engineering notation: 1.23M, 4.56 uJ — SynOps and energies span many orders of magnitude.
    private static string Si(double value, string unit)
    {
        if (value == 0)
        {
            return "0" + (unit.Length > 0 ? " " + unit : "");
        }
        (double scale, string prefix)[] prefixes = unit.Length == 0
            ? [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"), (1, "")]
            : [(1, ""), (1e-3, "m"), (1e-6, "u"), (1e-9, "n"), (1e-12, "p"), (1e-15, "f")];
        foreach (var (scale, prefix) in prefixes)
        {
            if (Math.Abs(value) >= scale)
            {
                string number = (value / scale).ToString("0.##", CultureInfo.InvariantCulture);
                return unit.Length == 0 ? number + prefix : $"{number} {prefix}{unit}";
            }
        }
        var (last, lastPrefix) = prefixes[^1];
        string small = (value / last).ToString("0.###", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? small : $"{small} {lastPrefix}{unit}";
    }
}
