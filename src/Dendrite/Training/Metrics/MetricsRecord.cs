using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dendrite.Training.Metrics;

/// <summary>
/// One line of <c>metrics.jsonl</c>: the figures of one training epoch or one evaluation. Unset figures
/// are left out of the JSON. Keys are snake_case (<c>test_accuracy</c>, <c>samples_per_second</c>).
/// </summary>
public sealed record MetricsRecord
{
    /// <summary><c>phase</c>: "train" for an epoch's record, "eval" for a stand-alone evaluation.</summary>
    public required string Phase { get; init; }

    /// <summary><c>epoch</c>, 1-based; null for an evaluation outside training.</summary>
    public int? Epoch { get; init; }

    /// <summary><c>step</c>: optimizer steps so far.</summary>
    public long? Step { get; init; }

    public double? Loss { get; init; }

    public double? Accuracy { get; init; }

    public double? TestLoss { get; init; }

    public double? TestAccuracy { get; init; }

    /// <summary><c>firing_rate</c>: spikes per neuron per step over all spiking layers.</summary>
    public double? FiringRate { get; init; }

    /// <summary><c>lr</c>: learning rate at the end of the epoch.</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>seconds</c>: wall time of the epoch or evaluation.</summary>
    public double? Seconds { get; init; }

    public double? SamplesPerSecond { get; init; }

    /// <summary><c>activity</c>: the per-layer activity report, when measured.</summary>
    public ActivityReport? Activity { get; init; }

    /// <summary>Further named figures (<c>extra</c> keys are written at the top level).</summary>
    public IReadOnlyDictionary<string, double>? Extra { get; init; }

    private static readonly string[] s_knownKeys =
        ["phase", "epoch", "step", "loss", "accuracy", "test_loss", "test_accuracy", "firing_rate", "lr", "seconds", "samples_per_second", "activity"];

    /// <summary>The record as one line of JSON (no trailing newline).</summary>
    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("phase", Phase);
            if (Epoch is int epoch)
            {
                w.WriteNumber("epoch", epoch);
            }
            if (Step is long step)
            {
                w.WriteNumber("step", step);
            }
            Number(w, "loss", Loss);
            Number(w, "accuracy", Accuracy);
            Number(w, "test_loss", TestLoss);
            Number(w, "test_accuracy", TestAccuracy);
            Number(w, "firing_rate", FiringRate);
            Number(w, "lr", LearningRate);
            Number(w, "seconds", Seconds);
            Number(w, "samples_per_second", SamplesPerSecond);
            foreach (var (key, value) in Extra ?? new Dictionary<string, double>())
            {
                if (s_knownKeys.Contains(key))
                {
                    throw new ArgumentException($"Extra metric '{key}' clashes with a standard key.", nameof(Extra));
                }
                Number(w, key, value);
            }
            if (Activity is not null)
            {
                w.WritePropertyName("activity");
                Activity.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Parses one line written by <see cref="ToJsonLine"/>.</summary>
    /// <exception cref="JsonException">The line is not a metrics object.</exception>
    public static MetricsRecord Parse(string line)
    {
        using JsonDocument doc = JsonDocument.Parse(line);
        JsonElement root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("phase", out JsonElement phase) || phase.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("expected a JSON object with a \"phase\" string");
        }
        var extra = new Dictionary<string, double>();
        foreach (JsonProperty p in root.EnumerateObject())
        {
            if (!s_knownKeys.Contains(p.Name) && Read(p.Value) is double v)
            {
                extra[p.Name] = v;
            }
        }
        return new MetricsRecord
        {
            Phase = phase.GetString()!,
            Epoch = root.TryGetProperty("epoch", out JsonElement e) ? e.GetInt32() : null,
            Step = root.TryGetProperty("step", out JsonElement s) ? s.GetInt64() : null,
            Loss = Get(root, "loss"),
            Accuracy = Get(root, "accuracy"),
            TestLoss = Get(root, "test_loss"),
            TestAccuracy = Get(root, "test_accuracy"),
            FiringRate = Get(root, "firing_rate"),
            LearningRate = Get(root, "lr"),
            Seconds = Get(root, "seconds"),
            SamplesPerSecond = Get(root, "samples_per_second"),
            Activity = root.TryGetProperty("activity", out JsonElement a) ? ActivityReport.FromJson(a) : null,
            Extra = extra.Count > 0 ? extra : null,
        };
    }

    // JSON has no NaN or infinity; a diverged loss is written as the string "NaN" rather than lost.
    private static void Number(Utf8JsonWriter w, string key, double? value)
    {
        if (value is not double v)
        {
            return;
        }
        if (double.IsFinite(v))
        {
            w.WriteNumber(key, v);
        }
        else
        {
            w.WriteString(key, v.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static double? Get(JsonElement root, string key) => root.TryGetProperty(key, out JsonElement v) ? Read(v) : null;

    private static double? Read(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => null,
    };
}
