using Dendrite.Learning.DeepR;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.DeepR;

/// <summary>Soft DEEP R: hand-computed step, and dormant parameters that random-walk above θ_min.</summary>
public class SoftDeepRewiringTests
{
    [Fact]
    public void WithoutNoiseOnlyActiveParametersMove()
    {
        float[] theta = [0.5f, 0.01f, -0.2f, 0.3f];
        var weight = new Tensor(2, 2);
        var soft = new SoftDeepRewiring(weight, theta, ConnectionSigns.FromArray([1, -1, 1, -1]), new DeepROptions(0.1f, L1: 0.01f), -1f, new Rng(1));
        Assert.Equal([0.5f, -0.01f, 0f, -0.3f], weight.ToArray());
        soft.Step([1f, 1f, 1f, -2f]);
        // θ₀: 0.5 − 0.1·(1 + 0.01) = 0.399; θ₁: 0.01 − 0.1·(−1 + 0.01) = 0.109; θ₂ dormant: unchanged; θ₃: 0.3 − 0.1·(2 + 0.01) = 0.099.
        float[] expected = [0.399f, 0.109f, -0.2f, 0.099f];
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal(expected[k], soft.Theta[k], 1e-6f);
        }
        Assert.Equal(0f, weight.Span[2]);
        Assert.Equal(-0.099f, weight.Span[3], 1e-6f);
    }

    [Fact]
    public void DormantParametersRandomWalkAboveThetaMinAndComeBack()
    {
        const float thetaMin = -0.05f;
        var theta = Enumerable.Repeat(-0.04f, 1000).ToArray();
        var weight = new Tensor(1000);
        var soft = new SoftDeepRewiring(weight, theta, ConnectionSigns.Random(3), new DeepROptions(0.05f, Temperature: 1e-3f), thetaMin, new Rng(2));
        Assert.Equal(0, soft.ActiveCount);
        bool hitFloor = false;
        for (int step = 0; step < 200; step++)
        {
            soft.Step();
            Assert.All(soft.Theta.ToArray(), t => Assert.True(t >= thetaMin));
            hitFloor |= soft.Theta.ToArray().Contains(thetaMin);
        }
        Assert.True(hitFloor, "no parameter was clipped at θ_min");
        Assert.InRange(soft.ActiveCount, 1, 999);
        for (int k = 0; k < 1000; k++)
        {
            Assert.Equal(soft.Theta[k] >= 0f, weight.Span[k] != 0f || soft.Theta[k] == 0f);
        }
    }
}
