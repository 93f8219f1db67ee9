using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

public sealed class SpikingConvolutionTests
{
    /// <summary>A depthwise 1×1 convolution (per-channel scale, broadcast [C, 1, 1]) standing in for Conv2d.</summary>
    private sealed class DepthwisePointwiseConv : Module
    {
        public DepthwisePointwiseConv()
        {
            Weight = RegisterParameter("weight", Tensor.FromArray([0.9f, 1.3f], 2, 1, 1)).Value;
        }

        public Tensor Weight { get; }

        public override Tensor Forward(Tensor input) => Ops.Multiply(input, Weight);
    }

    [Fact]
    public void AppliesTheSpatialMapPerFrameThenLifOverTime()
    {
        var layer = new SpikingConvolution(new DepthwisePointwiseConv(), new LifParameters { DetachReset = false, Surrogate = new Arctan() });
        Tensor x = TestData.Uniform(3, -1f, 2f, 6, 2, 2, 3, 3);
        Tensor y = layer.Forward(x);
        Assert.Equal([6, 2, 2, 3, 3], y.Shape.ToArray());
        // Reference: the pure LIF step per output element over time.
        var model = new LifModel(layer.Config);
        float[] w = [0.9f, 1.3f];
        for (int b = 0; b < 2; b++)
        {
            for (int o = 0; o < 2; o++)
            {
                for (int pixel = 0; pixel < 9; pixel++)
                {
                    var currents = new double[6];
                    for (int t = 0; t < 6; t++)
                    {
                        currents[t] = w[o] * x[t, b, o, pixel / 3, pixel % 3];
                    }
                    (double[] spikes, _) = ModelRunner.Run(model, [0.9, 1.0], currents);
                    for (int t = 0; t < 6; t++)
                    {
                        Assert.Equal((float)spikes[t], y[t, b, o, pixel / 3, pixel % 3]);
                    }
                }
            }
        }
        Assert.Contains(y.ToArray(), v => v == 1f);
    }

    [Fact]
    public void GradientsReachTheSpatialWeightsAndTheInput()
    {
        var layer = new SpikingConvolution(new DepthwisePointwiseConv(), new LifParameters { DetachReset = false, Surrogate = new Arctan() }) { Mode = SpikeFunctionMode.Smooth };
        Tensor x = TestData.Tracked(4, -1f, 2f, 4, 1, 2, 2, 2);
        GradCheck.Assert(() => layer.Forward(x), [x, layer.Parameters().First().Value]);
    }

    [Fact]
    public void WorksWithTheLibraryConv2dOnEventFrames()
    {
        var conv = new Conv2d(2, 3, 3, new Rng(8), padding: 1);
        var layer = new SpikingConvolution(conv, new LifParameters { Beta = 0.8 });
        // Event frames: binary, time-major [T, B, C, H, W].
        var x = new Tensor(5, 2, 2, 6, 6);
        var rng = new Rng(9);
        for (int i = 0; i < x.Length; i++)
        {
            x.Span[i] = rng.NextFloat() < 0.4f ? 1f : 0f;
        }
        Tensor y = layer.Forward(x);
        Assert.Equal([5, 2, 3, 6, 6], y.Shape.ToArray());
        Tensor frames = conv.Forward(x.Reshape(10, 2, 6, 6));
        var model = new LifModel(layer.Config);
        int perStep = 2 * 3 * 36;
        for (int element = 0; element < perStep; element++)
        {
            var currents = new double[5];
            for (int t = 0; t < 5; t++)
            {
                currents[t] = frames.Span[t * perStep + element];
            }
            (double[] spikes, _) = ModelRunner.Run(model, [0.8, 1.0], currents);
            for (int t = 0; t < 5; t++)
            {
                Assert.Equal((float)spikes[t], y.Span[t * perStep + element]);
            }
        }
        Assert.Contains(y.ToArray(), v => v == 1f);
        using var tape = new Tape();
        tape.Backward(Ops.Sum(layer.Forward(x)));
        Assert.Contains(conv.Parameters().First().Grad!.ToArray(), v => v != 0f);
    }
}
