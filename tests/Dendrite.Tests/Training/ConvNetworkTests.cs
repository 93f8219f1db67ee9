using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;
using Xunit;

namespace Dendrite.Tests.Training;

/// <summary>Convolutional SNNs from a config: shapes, element-wise neurons, SynOps fan-out and the errors for bad stacks.</summary>
public sealed class ConvNetworkTests
{
    private const string Csnn = """
        model:
          input: [1, 12, 12]
          layers:
            - {type: conv2d, channels: 4, kernel: 3, padding: 1}
            - {type: lif, beta: 0.5}
            - {type: pool, kind: max, kernel: 2}
            - {type: conv2d, channels: 6, kernel: 3, stride: 2}
            - {type: lif, beta: 0.5}
            - {type: flatten}
            - {type: dropout, p: 0.2}
            - {type: linear, size: 3}
            - {type: lif}
        data: {dataset: randman, steps: 5}
        """;

    private static ModelConfig Model(string yaml) => ConfigLoader.Parse(yaml, "test.yaml", Path.GetTempPath()).Model;

    private static string[] Errors(string yaml, int[] input) =>
        Assert.Throws<ConfigException>(() => NetworkBuilder.Build(Model(yaml), input, new Rng(1))).Errors.ToArray();

    [Fact]
    public void ConvStackTracksShapesAndRunsAllFramesAsOneBatch()
    {
        SpikingNetwork network = NetworkBuilder.Build(Model(Csnn), [1, 12, 12], new Rng(1));
        // 12×12 → conv (pad 1) 4×12×12 → pool 4×6×6 → conv k3 s2: (6 − 3)/2 + 1 = 2 → 6×2×2 = 24 → 3.
        Assert.Equal([144, 576, 576, 144, 24, 24, 24, 24, 3], network.Info.Select(i => i.Width));
        var input = new Tensor(5, 2, 144);
        input.Span.Fill(1f);
        Tensor output = network.Forward(input);
        Assert.Equal([5, 2, 3], output.Shape.ToArray());
    }

    [Fact]
    public void DenseFirstLayerReadsImageStepsFlat()
    {
        string dense = """
            model:
              layers:
                - {type: lif, size: 3}
            data: {dataset: randman, steps: 5}
            """;
        SpikingNetwork network = NetworkBuilder.Build(Model(dense), [1, 4, 4], new Rng(1));
        Assert.Equal([3], network.Info.Select(i => i.Width));
        Assert.Equal([2, 1, 3], network.Forward(new Tensor(2, 1, 16)).Shape.ToArray());
    }

    [Fact]
    public void FanOutCountsTheSynapsesOfTheNextWeightedLayer()
    {
        SpikingNetwork network = NetworkBuilder.Build(Model(Csnn), [1, 12, 12], new Rng(1));
        // First LIF: a 2×2 max pool passes one event per 4 inputs, then conv 6 channels · 3² / stride² 4 = 13.5 → 3.375.
        Assert.Equal(3L, network.Info[2].FanOut);
        // Second LIF: flatten and dropout pass everything on to the linear layer's 3 outputs; the output layer drives nothing.
        Assert.Equal(3L, network.Info[5].FanOut);
        Assert.Equal(0L, network.Info[^1].FanOut);
    }

    [Fact]
    public void ElementwiseLifMatchesTheRecurrenceWrittenOut()
    {
        var layer = (ElementwiseNeurons<LifModel>)NeuronLayerFactory.CreateElementwise(
            (NeuronLayerConfig)Model(Csnn).Layers[1], new Rng(2));
        Tensor input = TestData.Uniform(3, 0f, 1.2f, 6, 2, 3, 2, 2);
        Tensor spikes = layer.Forward(input);
        Assert.Equal(input.Shape.ToArray(), spikes.Shape.ToArray());
        // snnTorch Leaky, beta 0.5, θ 1, subtract reset delayed by one step: u ← βu + x − θ·[u_prev > θ]; s = [u > θ].
        int elements = 2 * 3 * 2 * 2;
        ReadOnlySpan<float> x = input.Span;
        for (int e = 0; e < elements; e++)
        {
            double u = 0;
            for (int t = 0; t < 6; t++)
            {
                double reset = u > 1 ? 1 : 0;
                u = 0.5 * u + x[t * elements + e] - reset;
                Assert.Equal(u > 1 ? 1f : 0f, spikes.Span[t * elements + e]);
            }
        }
    }

    [Fact]
    public void ElementwiseNeuronsPassTheGradientToTheConvolution()
    {
        SpikingNetwork network = NetworkBuilder.Build(Model(Csnn), [1, 12, 12], new Rng(3));
        Tensor input = TestData.Uniform(4, 0f, 1f, 4, 2, 144);
        using var tape = new Tape();
        Tensor loss = Ops.Sum(network.Forward(input));
        tape.Backward(loss);
        Conv2d conv = ((StaticInputConv2d)network.Layers[1]).Conv;
        Assert.NotNull(conv.Weight.Grad);
        Assert.Contains(conv.Weight.Grad!.ToArray(), g => g != 0f);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StaticInputConvMatchesConvolvingEveryFrame(bool repeated)
    {
        Tensor frame = TestData.Uniform(5, 0f, 1f, 2, 1, 6, 6);
        Tensor input = repeated ? Ops.Stack([frame, frame, frame]).Detach() : TestData.Uniform(6, 0f, 1f, 3, 2, 1, 6, 6);
        var reference = new Conv2d(1, 3, 3, new Rng(7));
        var conv = new StaticInputConv2d(new Conv2d(1, 3, 3, new Rng(7)));
        float[] expected, actual;
        using (var tape = new Tape())
        {
            Tensor y = reference.Forward(input);
            expected = y.ToArray();
            tape.Backward(Ops.Sum(Ops.Square(y)));
        }
        using (var tape = new Tape())
        {
            Tensor y = conv.Forward(input);
            actual = y.ToArray();
            tape.Backward(Ops.Sum(Ops.Square(y)));
        }
        Assert.Equal([3, 2, 3, 4, 4], conv.Forward(input).Shape.ToArray());
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 4);
        }
        float[] gradExpected = reference.Weight.Grad!.ToArray(), gradActual = conv.Conv.Weight.Grad!.ToArray();
        for (int i = 0; i < gradExpected.Length; i++)
        {
            Assert.Equal(gradExpected[i], gradActual[i], 3);
        }
    }

    [Fact]
    public void BadStacksNameTheLayerAndWhatIsWrong()
    {
        string linearAfterConv = """
            model:
              layers:
                - {type: conv2d, channels: 2}
                - {type: linear, size: 3}
            data: {dataset: randman, steps: 5}
            """;
        Assert.Contains("test.yaml:4: model.layers[1]: a Linear layer needs a flat input, but its input is [2, 4, 4] (put a flatten layer before it).",
            Errors(linearAfterConv, [1, 6, 6]));
        string convOnFlat = """
            model:
              layers:
                - {type: conv2d, channels: 2}
            data: {dataset: randman, steps: 5}
            """;
        Assert.Contains("needs an image input [C, H, W], but its input is [36]", Assert.Single(Errors(convOnFlat, [36])), StringComparison.Ordinal);
        string tooBig = """
            model:
              layers:
                - {type: conv2d, channels: 2, kernel: 7}
            data: {dataset: randman, steps: 5}
            """;
        Assert.Contains("a 7×7 kernel (padding 0) does not fit the 6×6 input", Assert.Single(Errors(tooBig, [1, 6, 6])), StringComparison.Ordinal);
        string recurrent = """
            model:
              layers:
                - {type: conv2d, channels: 2}
                - {type: lif, recurrent: true}
            data: {dataset: randman, steps: 5}
            """;
        Assert.Contains("acts element-wise and cannot be recurrent", Assert.Single(Errors(recurrent, [1, 6, 6])), StringComparison.Ordinal);
    }
}
