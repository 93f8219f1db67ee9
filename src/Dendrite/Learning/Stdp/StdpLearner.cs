using Dendrite.Tensors;

namespace Dendrite.Learning.Stdp;

/// <summary>
/// Unsupervised trace-based STDP on a fully connected weight [out, in], updated in place each <see cref="Step"/>.
/// </summary>
/// <remarks>
/// Holds the traces x_pre [B, in] and x_post [B, out]; they are created on the first step and cleared by
/// <see cref="Reset"/>, which must be called between independent samples (as SpikingJelly's <c>reset()</c>).
/// The rule is in <see cref="StdpOptions"/>.
/// </remarks>
public sealed class StdpLearner
{
    private readonly Tensor _weight;
    private readonly Tensor _delta;

    // Unscaled correlation buffers, reused across steps.
    private readonly float[] _ltp;
    private readonly float[] _ltd;
    private Tensor? _preTrace;
    private Tensor? _postTrace;

    /// <param name="weight">Shape [out, in], e.g. <c>Linear.Weight.Value</c>; updated in place.</param>
    /// <param name="options">The rule; null for Norse's defaults.</param>
    public StdpLearner(Tensor weight, StdpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 2)
        {
            ThrowHelper.ThrowArgument($"StdpLearner needs a Linear weight of shape [out, in]; got {weight.Shape}.", nameof(weight));
        }
        Options = options ?? new StdpOptions();
        Options.Validate();
        _weight = weight;
        _delta = new Tensor(weight.Shape);
        _ltp = new float[weight.Length];
        _ltd = new float[weight.Length];
    }

    public StdpOptions Options { get; }

    public Tensor Weight => _weight;

    public int Outputs => _weight.Shape[0];

    public int Inputs => _weight.Shape[1];

    /// <summary>The Δw of the last step, before clamping, shape [out, in].</summary>
    public Tensor LastDelta => _delta;

    /// <summary>Presynaptic traces [B, in], or null before the first step.</summary>
    public Tensor? PreTrace => _preTrace;

    /// <summary>Postsynaptic traces [B, out], or null before the first step.</summary>
    public Tensor? PostTrace => _postTrace;

    /// <summary>Clears the traces (and forgets the batch size).</summary>
    public void Reset()
    {
        _preTrace = null;
        _postTrace = null;
    }

    /// <summary>One time step: updates the traces, then the weight.</summary>
    /// <param name="preSpikes">Shape [B, in]: presynaptic spikes (0/1) at this step.</param>
    /// <param name="postSpikes">Shape [B, out]: postsynaptic spikes (0/1) at this step.</param>
    public void Step(Tensor preSpikes, Tensor postSpikes)
    {
        ArgumentNullException.ThrowIfNull(preSpikes);
        ArgumentNullException.ThrowIfNull(postSpikes);
        if (preSpikes.Rank != 2 || preSpikes.Shape[1] != Inputs)
        {
            ThrowHelper.ThrowArgument($"Presynaptic spikes must have shape [B, {Inputs}]; got {preSpikes.Shape}.", nameof(preSpikes));
        }
        int batch = preSpikes.Shape[0];
        if (postSpikes.Rank != 2 || postSpikes.Shape[0] != batch || postSpikes.Shape[1] != Outputs)
        {
            ThrowHelper.ThrowArgument($"Postsynaptic spikes must have shape [{batch}, {Outputs}]; got {postSpikes.Shape}.", nameof(postSpikes));
        }
        if (_preTrace is null || _postTrace is null)
        {
            _preTrace = new Tensor(batch, Inputs);
            _postTrace = new Tensor(batch, Outputs);
        }
        else if (_preTrace.Shape[0] != batch)
        {
            ThrowHelper.ThrowArgument($"Batch size changed from {_preTrace.Shape[0]} to {batch} without Reset().", nameof(preSpikes));
        }

        StdpRule.UpdateTrace(Options, _preTrace.Span, preSpikes.Span, Options.TauPre, Options.APre);
        StdpRule.UpdateTrace(Options, _postTrace.Span, postSpikes.Span, Options.TauPost, Options.APost);
        UpdateWeight(preSpikes.Span, postSpikes.Span, _preTrace.Span, _postTrace.Span, batch);
    }

    // Unscaled correlations first: ltp[o, i] = Σ_b z_post[b, o]·x_pre[b, i], ltd[o, i] = Σ_b x_post[b, o]·z_pre[b, i].
    // Spikes are sparse, so rows are skipped on zero spikes; the weight functions are applied afterwards.
    private void UpdateWeight(ReadOnlySpan<float> pre, ReadOnlySpan<float> post, ReadOnlySpan<float> preTrace,
        ReadOnlySpan<float> postTrace, int batch)
    {
        int inputs = Inputs;
        int outputs = Outputs;
        Span<float> weight = _weight.Span;
        Span<float> delta = _delta.Span;
        float[] ltp = _ltp;
        float[] ltd = _ltd;
        Array.Clear(ltp);
        Array.Clear(ltd);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> preRow = pre.Slice(b * inputs, inputs);
            ReadOnlySpan<float> preTraceRow = preTrace.Slice(b * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                float zPost = post[b * outputs + o];
                float xPost = postTrace[b * outputs + o];
                Span<float> ltpRow = ltp.AsSpan(o * inputs, inputs);
                Span<float> ltdRow = ltd.AsSpan(o * inputs, inputs);
                if (zPost != 0f)
                {
                    for (int i = 0; i < inputs; i++)
                    {
                        ltpRow[i] += zPost * preTraceRow[i];
                    }
                }
                if (xPost != 0f)
                {
                    for (int i = 0; i < inputs; i++)
                    {
                        ltdRow[i] += xPost * preRow[i];
                    }
                }
            }
        }
        StdpRule.Apply(Options, weight, ltp, ltd, delta);
    }
}
