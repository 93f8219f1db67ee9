using Dendrite.Neurons;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Neurons;

/// <summary>The membrane over time that the report draws: LIF written out by hand, and the fused run's final state for CuBa-LIF.</summary>
public sealed class MembraneProbeTests
{
    [Fact]
    public void LifMembraneFollowsTheRecurrenceWrittenOut()
    {
        var layer = new LifLayer(2, 3, new Rng(1), new LifParameters { Beta = 0.8, Threshold = 0.5 });
        Tensor input = TestData.Uniform(2, 0f, 1f, 7, 1, 2);
        Tensor membrane = MembraneProbe.Record(layer, input);
        Assert.Equal([7, 1, 3], membrane.Shape.ToArray());
        ReadOnlySpan<float> w = layer.Weight.Span, x = input.Span;
        for (int n = 0; n < 3; n++)
        {
            // snnTorch Leaky with its defaults: subtract reset delayed by a step, u ← βu + Wx − θ·[u_prev > θ].
            double u = 0;
            for (int t = 0; t < 7; t++)
            {
                double current = w[n * 2] * x[t * 2] + w[n * 2 + 1] * x[t * 2 + 1];
                u = 0.8 * u + current - (u > 0.5 ? 0.5 : 0);
                Assert.Equal(u, membrane.Span[t * 3 + n], 5);
            }
        }
    }

    [Fact]
    public void CubaLifMembraneIsTheSecondStateSlotAndEndsAtTheFusedRunsFinalState()
    {
        var layer = new CubaLifLayer(4, 5, new Rng(3));
        Tensor input = TestData.Uniform(4, 0f, 1f, 9, 2, 4);
        Tensor membrane = MembraneProbe.Record(layer, input);
        (_, NeuronLayerState final) = layer.ForwardSequence(input);
        for (int i = 0; i < 2 * 5; i++)
        {
            Assert.Equal(final.State.Span[i * 2 + 1], membrane[8].Span[i]);
        }
    }

    [Fact]
    public void ElementwiseMembraneKeepsOneTracePerElement()
    {
        var layer = new ElementwiseNeurons<LifModel>(new LifLayer(1, 1, new Rng(5), new LifParameters { Beta = 0.5 }));
        Tensor input = TestData.Uniform(6, 0f, 2f, 4, 1, 2, 2, 2);
        Tensor membrane = MembraneProbe.Record(layer, input);
        Assert.Equal([4, 1, 8], membrane.Shape.ToArray());
        for (int e = 0; e < 8; e++)
        {
            double u = 0;
            for (int t = 0; t < 4; t++)
            {
                u = 0.5 * u + input.Span[t * 8 + e] - (u > 1 ? 1 : 0);
                Assert.Equal(u, membrane.Span[t * 8 + e], 5);
            }
        }
    }
}
