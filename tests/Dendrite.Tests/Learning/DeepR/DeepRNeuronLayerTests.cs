using Dendrite.Autodiff;
using Dendrite.Learning.DeepR;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.DeepR;

/// <summary>DEEP R on a recurrent spiking layer's input and recurrent weight tensors, through the fused neuron kernel's gradient.</summary>
public class DeepRNeuronLayerTests
{
    [Fact]
    public void RewiresBothWeightTensorsOfARecurrentLifLayerKeepingK()
    {
        var rng = new Rng(17);
        var layer = new LifLayer(12, 8, rng, recurrent: true) { Mode = SpikeFunctionMode.Smooth };
        var options = new DeepROptions(0.5f, L1: 1e-3f, Temperature: 1e-4f);
        DeepRewiring[] rewired =
        [
            new DeepRewiring(layer.Weight, 20, options, rng.Fork("input")),
            new DeepRewiring(layer.RecurrentWeight!, 10, options, rng.Fork("recurrent")),
        ];
        var x = new Tensor(15, 4, 12);
        Init.Uniform(x, rng, 0f, 1f);
        int reactivations = 0;
        bool recurrentGradient = false;
        for (int step = 0; step < 30; step++)
        {
            foreach (DeepRewiring r in rewired)
            {
                r.ZeroGrad();
            }
            using (var tape = new Tape())
            {
                // Push the mean output towards 0.3 so the gradient is non-zero.
                tape.Backward(Ops.Mean(Ops.Square(Ops.AddScalar(layer.Forward(x), -0.3f))));
            }
            recurrentGradient |= layer.RecurrentWeight!.Grad!.ToArray().Any(g => g != 0f);
            foreach (DeepRewiring r in rewired)
            {
                reactivations += r.Step();
                Assert.Equal(r.ActiveCount, r.Theta.Length);
                Assert.True(r.Weight.ToArray().Count(v => v != 0f) <= r.ActiveCount);
            }
        }
        Assert.Equal(20, rewired[0].ActiveCount);
        Assert.Equal(10, rewired[1].ActiveCount);
        Assert.True(recurrentGradient, "no gradient reached the recurrent weights");
        Assert.True(reactivations > 0, "nothing was rewired in 30 steps");
    }
}
