using Dendrite.Learning.EProp;

namespace Dendrite.Training.Config;

/// <summary>
/// The <c>training.eprop:</c> section, read when <c>training.method</c> is <c>eprop</c>: <c>feedback</c>
/// symmetric|random (symmetric) and <c>update</c> sequence|step (sequence).
/// </summary>
public sealed record EPropConfig
{
    /// <summary><c>feedback</c>: B = W_outᵀ (symmetric) or fixed random. Default symmetric.</summary>
    public EPropFeedback Feedback { get; init; } = EPropFeedback.Symmetric;

    /// <summary><c>update</c>: one optimizer step per sequence, or one per step of the readout window. Default sequence.</summary>
    public EPropUpdate Update { get; init; } = EPropUpdate.Sequence;

    /// <summary>Binds <c>training.eprop</c>; an eprop section under another method is an error.</summary>
    internal static EPropConfig? Bind(ConfigSection training, TrainingMethod method)
    {
        if (method != TrainingMethod.Eprop)
        {
            if (training.Has("eprop"))
            {
                training.Error("eprop", "the eprop section applies to method: eprop");
            }
            return null;
        }
        ConfigSection s = training.Section("eprop");
        var config = new EPropConfig
        {
            Feedback = s.Enum("feedback", EPropFeedback.Symmetric),
            Update = s.Enum("update", EPropUpdate.Sequence),
        };
        s.Finish();
        return config;
    }

    /// <summary>
    /// e-prop trains one LIF or ALIF layer (own size, or fused with a linear layer before it) read out by an LI layer
    /// with one time constant, scored by its mean or last membrane; neuron parameters are not learned.
    /// </summary>
    internal static void CheckModel(ConfigSection model, ModelConfig config)
    {
        if (config.Readout is not (ReadoutKind.MeanMembrane or ReadoutKind.LastMembrane))
        {
            model.Error("readout", $"e-prop needs a per-step learning signal, so the readout must be mean_membrane or last_membrane; found {ConfigNames.Of(config.Readout)}");
        }
        List<ConfigSection>? sections = model.SectionList("layers");
        LayerConfig[] layers = config.Layers.Where(l => l is not FlattenLayerConfig).ToArray();
        bool fused = layers.Length == 3 && layers[0] is LinearLayerConfig && layers[1] is NeuronLayerConfig { Size: null };
        LayerConfig[] network = fused ? layers[1..] : layers;
        string expected = "e-prop trains one lif or alif layer followed by an li readout (a linear layer may come first when the neuron layer has no size)";
        if (network.Length != 2 || sections is null)
        {
            model.Error("layers", $"{expected}; found {network.Length} layers");
            return;
        }
        void Fail(LayerConfig layer, string message) =>
            sections.FirstOrDefault(s => s.Path.EndsWith($"[{layer.Index}]", StringComparison.Ordinal))?.Error(null, message);
        if (network[0] is not NeuronLayerConfig { Kind: NeuronKind.Lif or NeuronKind.Alif } hidden)
        {
            Fail(network[0], $"{expected}; this layer is a {ConfigNames.Of(network[0].Type)}");
        }
        else if (hidden.Parameters.LearnBeta || hidden.Parameters.LearnThreshold)
        {
            Fail(hidden, "e-prop trains weights and biases only; set learn_beta and learn_threshold to false");
        }
        if (network[1] is not NeuronLayerConfig { Kind: NeuronKind.Li, Size: not null } readout)
        {
            Fail(network[1], $"{expected}; this layer is a {ConfigNames.Of(network[1].Type)}" + (network[1] is NeuronLayerConfig { Kind: NeuronKind.Li } ? " without a size" : ""));
        }
        else if (readout.Parameters.TauMemStd > 0 || readout.Parameters.LearnBeta || readout.Recurrent)
        {
            Fail(readout, "e-prop filters its traces with the readout's one decay: the li readout needs tau_mem_std 0, learn_beta false and no recurrence");
        }
    }
}
