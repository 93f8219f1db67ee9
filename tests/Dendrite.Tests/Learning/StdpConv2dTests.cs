using Dendrite.Learning.Stdp;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning;

/// <summary>Conv2d STDP: kernel-offset bookkeeping and agreement with the Linear learner.</summary>
public class StdpConv2dTests
{
    private static readonly StdpOptions s_spikingJelly = new()
    {
        Convention = StdpConvention.SpikingJelly,
        TauPre = 20f,
        TauPost = 20f,
        EtaPlus = 0.01f,
        EtaMinus = 0.01f,
    };

    [Fact]
    public void PreThenPostPotentiatesTheMatchingKernelOffsetOnly()
    {
        // Padding 1: output (0, 0) sees input rows/cols −1..0, so input (0, 0) is kernel offset (1, 1).
        var weight = Tensor.Full(0.5f, 1, 1, 2, 2);
        var learner = new StdpConv2dLearner(weight, (1, 1), (1, 1), (1, 1), s_spikingJelly);
        var pre = new Tensor(1, 1, 3, 3);
        var post = new Tensor(1, 1, 4, 4);
        double total = 0;
        for (int t = 0; t < 20; t++)
        {
            pre.Span.Clear();
            post.Span.Clear();
            if (t == 10)
            {
                pre[0, 0, 0, 0] = 1f;
            }
            if (t == 15)
            {
                post[0, 0, 0, 0] = 1f;
            }
            learner.Step(pre, post);
            total += learner.LastDelta[0, 0, 1, 1];
        }
        Assert.Equal(0.01 * Math.Pow(0.95, 5), total, 8);
        Assert.Equal([0.5f, 0.5f, 0.5f], new[] { weight[0, 0, 0, 0], weight[0, 0, 0, 1], weight[0, 0, 1, 0] });
    }

    [Fact]
    public void FullSizeKernelMatchesTheLinearLearner()
    {
        // A kernel as large as the input has one output position: the same synapses as a Linear [out, in·kh·kw].
        var rng = new Rng(9);
        var convWeight = new Tensor(3, 2, 2, 2);
        rng.FillUniform(convWeight.Span, 0f, 1f);
        var linearWeight = Tensor.FromArray(convWeight.ToArray(), 3, 8);
        StdpOptions options = new() { TauPre = 4f, TauPost = 4f, EtaPlus = 0.05f, EtaMinus = 0.04f };
        var conv = new StdpConv2dLearner(convWeight, (1, 1), (0, 0), (1, 1), options);
        var linear = new StdpLearner(linearWeight, options);
        var pre = new Tensor(2, 2, 2, 2);
        var post = new Tensor(2, 3, 1, 1);
        float[] pPre = Enumerable.Repeat(0.3f, pre.Length).ToArray();
        float[] pPost = Enumerable.Repeat(0.3f, post.Length).ToArray();
        for (int t = 0; t < 50; t++)
        {
            rng.FillBernoulli(pre.Span, pPre);
            rng.FillBernoulli(post.Span, pPost);
            conv.Step(pre, post);
            linear.Step(pre.Reshape(2, 8), post.Reshape(2, 3));
        }
        float[] expected = linearWeight.ToArray();
        float[] actual = convWeight.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 6);
        }
    }

    [Fact]
    public void PostShapeMustMatchTheConvolutionGeometry()
    {
        var learner = new StdpConv2dLearner(Tensor.Zeros(1, 1, 3, 3), (2, 2), (0, 0), (1, 1));
        Assert.Throws<ArgumentException>("postSpikes", () => learner.Step(Tensor.Zeros(1, 1, 7, 7), Tensor.Zeros(1, 1, 2, 2)));
        learner.Step(Tensor.Zeros(1, 1, 7, 7), Tensor.Zeros(1, 1, 3, 3));
    }
}
