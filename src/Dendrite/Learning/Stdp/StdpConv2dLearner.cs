using Dendrite.Tensors;

namespace Dendrite.Learning.Stdp;

/// <summary>
/// Unsupervised trace-based STDP on a Conv2d weight [out, in, kh, kw] (no groups), updated in place each <see cref="Step"/>.
/// </summary>
/// <remarks>
/// The rule of <see cref="StdpOptions"/> with the correlations taken over every output position, as Norse's
/// <c>stdp_step_conv2d</c> does with unfold: Δw[o, c, p, q] = Σ_b Σ_(y, x) A₊·z_post[b, o, y, x]·x_pre[b, c, y·s − pad + p·d, x·s − pad + q·d]
/// − A₋·x_post[b, o, y, x]·z_pre[b, c, …]; padded positions contribute 0.
/// </remarks>
public sealed class StdpConv2dLearner
{
    private readonly Tensor _weight;
    private readonly Tensor _delta;
    private readonly float[] _ltp;
    private readonly float[] _ltd;
    private Tensor? _preTrace;
    private Tensor? _postTrace;

    /// <param name="weight">Shape [out, in, kh, kw], e.g. <c>Conv2d.Weight.Value</c> of a layer with groups = 1; updated in place.</param>
    /// <param name="stride">The layer's stride (height, width).</param>
    /// <param name="padding">The layer's zero padding (height, width).</param>
    /// <param name="dilation">The layer's dilation (height, width).</param>
    /// <param name="options">The rule; null for Norse's defaults.</param>
    public StdpConv2dLearner(Tensor weight, (int Height, int Width) stride, (int Height, int Width) padding,
        (int Height, int Width) dilation, StdpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Rank != 4)
        {
            ThrowHelper.ThrowArgument($"StdpConv2dLearner needs a Conv2d weight of shape [out, in, kh, kw]; got {weight.Shape}.", nameof(weight));
        }
        if (stride.Height < 1 || stride.Width < 1 || dilation.Height < 1 || dilation.Width < 1 || padding.Height < 0 || padding.Width < 0)
        {
            ThrowHelper.ThrowArgument($"Stride and dilation must be ≥ 1 and padding ≥ 0; got stride {stride}, padding {padding}, dilation {dilation}.", nameof(stride));
        }
        Options = options ?? new StdpOptions();
        Options.Validate();
        _weight = weight;
        _delta = new Tensor(weight.Shape);
        _ltp = new float[weight.Length];
        _ltd = new float[weight.Length];
        Stride = stride;
        Padding = padding;
        Dilation = dilation;
    }

    public StdpOptions Options { get; }

    public Tensor Weight => _weight;

    public (int Height, int Width) Stride { get; }

    public (int Height, int Width) Padding { get; }

    public (int Height, int Width) Dilation { get; }

    /// <summary>The Δw of the last step, before clamping, shaped like the weight.</summary>
    public Tensor LastDelta => _delta;

    /// <summary>Presynaptic traces [B, in, H, W], or null before the first step.</summary>
    public Tensor? PreTrace => _preTrace;

    /// <summary>Postsynaptic traces [B, out, OH, OW], or null before the first step.</summary>
    public Tensor? PostTrace => _postTrace;

    /// <summary>Clears the traces (and forgets the shapes).</summary>
    public void Reset()
    {
        _preTrace = null;
        _postTrace = null;
    }

    /// <summary>One time step: updates the traces, then the weight.</summary>
    /// <param name="preSpikes">Shape [B, in, H, W]: the layer's input spikes at this step.</param>
    /// <param name="postSpikes">Shape [B, out, OH, OW]: the layer's output spikes, with OH, OW given by the convolution geometry.</param>
    public void Step(Tensor preSpikes, Tensor postSpikes)
    {
        ArgumentNullException.ThrowIfNull(preSpikes);
        ArgumentNullException.ThrowIfNull(postSpikes);
        TensorShape w = _weight.Shape;
        if (preSpikes.Rank != 4 || preSpikes.Shape[1] != w[1])
        {
            ThrowHelper.ThrowArgument($"Presynaptic spikes must have shape [B, {w[1]}, H, W]; got {preSpikes.Shape}.", nameof(preSpikes));
        }
        int batch = preSpikes.Shape[0];
        int outHeight = OutputLength(preSpikes.Shape[2], w[2], Stride.Height, Padding.Height, Dilation.Height);
        int outWidth = OutputLength(preSpikes.Shape[3], w[3], Stride.Width, Padding.Width, Dilation.Width);
        var expectedPost = new TensorShape(batch, w[0], outHeight, outWidth);
        if (postSpikes.Shape != expectedPost)
        {
            ThrowHelper.ThrowArgument($"Postsynaptic spikes must have shape {expectedPost} for input {preSpikes.Shape}; got {postSpikes.Shape}.", nameof(postSpikes));
        }
        if (_preTrace is null || _postTrace is null)
        {
            _preTrace = new Tensor(preSpikes.Shape);
            _postTrace = new Tensor(postSpikes.Shape);
        }
        else if (_preTrace.Shape != preSpikes.Shape)
        {
            ThrowHelper.ThrowArgument($"Input shape changed from {_preTrace.Shape} to {preSpikes.Shape} without Reset().", nameof(preSpikes));
        }

        StdpRule.UpdateTrace(Options, _preTrace.Span, preSpikes.Span, Options.TauPre, Options.APre);
        StdpRule.UpdateTrace(Options, _postTrace.Span, postSpikes.Span, Options.TauPost, Options.APost);
        Correlate(preSpikes, postSpikes, _preTrace, _postTrace);
        StdpRule.Apply(Options, _weight.Span, _ltp, _ltd, _delta.Span);
    }

    private static int OutputLength(int input, int kernel, int stride, int padding, int dilation) =>
        (input + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    // Direct loops over output positions; only positions with a post spike (LTP) or a non-zero post trace (LTD) do work.
    private void Correlate(Tensor pre, Tensor post, Tensor preTrace, Tensor postTrace)
    {
        TensorShape w = _weight.Shape;
        int outChannels = w[0], inChannels = w[1], kh = w[2], kw = w[3];
        int batch = pre.Shape[0], height = pre.Shape[2], width = pre.Shape[3];
        int outHeight = post.Shape[2], outWidth = post.Shape[3];
        ReadOnlySpan<float> z = pre.Span;
        ReadOnlySpan<float> x = preTrace.Span;
        ReadOnlySpan<float> zPost = post.Span;
        ReadOnlySpan<float> xPost = postTrace.Span;
        Array.Clear(_ltp);
        Array.Clear(_ltd);
        for (int b = 0; b < batch; b++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                for (int oy = 0; oy < outHeight; oy++)
                {
                    for (int ox = 0; ox < outWidth; ox++)
                    {
                        int postIndex = ((b * outChannels + o) * outHeight + oy) * outWidth + ox;
                        float spike = zPost[postIndex];
                        float trace = xPost[postIndex];
                        if (spike == 0f && trace == 0f)
                        {
                            continue;
                        }
                        for (int c = 0; c < inChannels; c++)
                        {
                            for (int p = 0; p < kh; p++)
                            {
                                int iy = oy * Stride.Height - Padding.Height + p * Dilation.Height;
                                if ((uint)iy >= (uint)height)
                                {
                                    continue;
                                }
                                for (int q = 0; q < kw; q++)
                                {
                                    int ix = ox * Stride.Width - Padding.Width + q * Dilation.Width;
                                    if ((uint)ix >= (uint)width)
                                    {
                                        continue;
                                    }
                                    int preIndex = ((b * inChannels + c) * height + iy) * width + ix;
                                    int weightIndex = ((o * inChannels + c) * kh + p) * kw + q;
                                    _ltp[weightIndex] += spike * x[preIndex];
                                    _ltd[weightIndex] += trace * z[preIndex];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
