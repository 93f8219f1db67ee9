using Dendrite.Learning.DeepR;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.DeepR;

/// <summary>DEEP R against learning.md §11.5: the hand-worked step and the invariants over many noisy steps.</summary>
public class DeepRewiringTests
{
    private static readonly float[] Signs = [1, -1, 1, 1, -1, 1, -1, 1, 1, -1];

    [Fact]
    public void DeterministicStepMatchesSection115()
    {
        float[] theta = [0.5f, 0.01f, -0.2f, 0.3f, -1f, 0.02f, -0.5f, -0.1f, -0.3f, -0.4f];
        var weight = new Tensor(10);
        DeepRewiring deepR = DeepRewiring.FromTheta(weight, theta, ConnectionSigns.FromArray(Signs), new DeepROptions(0.05f, L1: 1e-4f), new Rng(1));
        Assert.Equal(4, deepR.ActiveCount);
        Assert.Equal([0.5f, -0.01f, 0, 0.3f, 0, 0.02f, 0, 0, 0, 0], weight.ToArray());

        // ∂E/∂θ = 1 on θ₁ and θ₅ means ∂E/∂w = s·1 there.
        var gradient = new float[10];
        gradient[1] = Signs[1];
        gradient[5] = Signs[5];
        int reactivated = deepR.Step(gradient);

        Assert.Equal(2, reactivated);
        Assert.Equal(4, deepR.ActiveCount);
        float[] expected = [0.499995f, 0, 0, 0.299995f, 0, 0, 0, 0, 0, 0];
        for (int k = 0; k < 10; k++)
        {
            Assert.Equal(expected[k], weight.Span[k], 1e-7f);
        }
        var survivors = new Dictionary<int, float>();
        for (int slot = 0; slot < deepR.ActiveCount; slot++)
        {
            survivors[deepR.ActiveIndices[slot]] = deepR.Theta[slot];
        }
        Assert.Equal(0.5f - 5e-6f, survivors[0], 1e-7f);
        Assert.Equal(0.3f - 5e-6f, survivors[3], 1e-7f);
        int[] fresh = survivors.Keys.Where(k => k != 0 && k != 3).ToArray();
        Assert.Equal(2, fresh.Length);
        Assert.All(fresh, k => Assert.Equal(0f, survivors[k]));
        Assert.All(fresh, k => Assert.True(BitConverter.SingleToInt32Bits(weight.Span[k]) == 0, "a reactivated weight must be +0"));
    }

    [Fact]
    public void InvariantsHoldOverTenThousandNoisyStepsOnARecurrentMatrix()
    {
        const int activeCount = 20;
        var weight = new Tensor(10, 20);
        Init.Uniform(weight, new Rng(3), -1f, 1f);
        var deepR = new DeepRewiring(weight, activeCount, new DeepROptions(0.05f, L1: 1e-3f, Temperature: 1e-3f), new Rng(4));
        var gradientRng = new Rng(5);
        var gradient = new float[weight.Length];
        var firstSign = new int[weight.Length];
        var previous = new HashSet<int>(deepR.ActiveIndices.ToArray());
        int deaths = 0;
        for (int step = 0; step < 10_000; step++)
        {
            gradientRng.FillNormal(gradient, 0f, 0.1f);
            deaths += deepR.Step(gradient);

            // Plain checks in the loop (xUnit asserts per element over 10⁴ steps take seconds); Assert.Fail names the step.
            var active = new HashSet<int>(deepR.ActiveIndices.ToArray());
            if (active.Count != activeCount || deepR.ActiveCount != activeCount)
            {
                Assert.Fail($"step {step}: {active.Count} distinct active connections, K = {activeCount}");
            }
            ReadOnlySpan<float> w = weight.Span;
            for (int slot = 0; slot < activeCount; slot++)
            {
                int k = deepR.ActiveIndices[slot];
                float theta = deepR.Theta[slot];
                bool fresh = !previous.Contains(k);
                if (!(theta >= 0f) || w[k] != deepR.SignOf(k) * theta + 0f || (fresh && (theta != 0f || BitConverter.SingleToInt32Bits(w[k]) != 0)))
                {
                    Assert.Fail($"step {step}: active connection {k} has θ = {theta}, w = {w[k]}, reactivated = {fresh}");
                }
            }
            for (int k = 0; k < w.Length; k++)
            {
                bool dormantNotZero = !active.Contains(k) && BitConverter.SingleToInt32Bits(w[k]) != 0;
                int sign = Math.Sign(w[k]);
                if (sign != 0 && firstSign[k] == 0)
                {
                    firstSign[k] = sign;
                }
                if (dormantNotZero || (sign != 0 && sign != firstSign[k]))
                {
                    Assert.Fail($"step {step}: connection {k} has w = {w[k]} (active: {active.Contains(k)}, first sign {firstSign[k]})");
                }
            }
            previous = active;
        }
        Assert.True(deaths > 100, $"only {deaths} rewirings in 10⁴ steps: the test exercises too little");
    }

    [Fact]
    public void StartsWithExactlyKDistinctConnectionsAndZerosTheRest()
    {
        var weight = Tensor.Full(0.25f, 30, 40);
        var deepR = new DeepRewiring(weight, 60, new DeepROptions(0.1f), new Rng(8));
        Assert.Equal(60, deepR.ActiveIndices.ToArray().Distinct().Count());
        Assert.Equal(60, weight.ToArray().Count(v => v != 0f));
        Assert.All(deepR.Theta.ToArray(), t => Assert.Equal(0.25f, t));
        Assert.Equal(0.05, deepR.Density, 12);
    }

    [Fact]
    public void RejectsBadInputNamingTheProblem()
    {
        var weight = new Tensor(3, 4);
        var tooMany = Assert.Throws<ArgumentException>(() => new DeepRewiring(weight, 13, new DeepROptions(0.1f), new Rng(1)));
        Assert.Contains("K = 13", tooMany.Message);
        var negative = Assert.Throws<ArgumentException>(() => new DeepRewiring(weight, 2, new DeepROptions(0.1f, Temperature: -1f), new Rng(1)));
        Assert.Contains("Temperature", negative.Message);
        var deepR = new DeepRewiring(weight, 2, new DeepROptions(0.1f), new Rng(1));
        var gradient = Assert.Throws<ArgumentException>(() => deepR.Step(new float[5]));
        Assert.Contains("5 values for 12", gradient.Message);
        Assert.Throws<ArgumentException>(() => ConnectionSigns.FromArray([1f, 0f]));
    }
}
