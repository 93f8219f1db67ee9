using Dendrite.Autodiff;
using Dendrite.Learning.Regularisers;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning.Regularisers;

/// <summary>Spike regularisers: hand-derived values and gradients (learning.md §11.3) and finite differences.</summary>
public class SpikeRegulariserTests
{
    // T = 5, B = 1, N = 3 with spike counts [0, 2, 5].
    private static Tensor CountsZeroTwoFive()
    {
        var spikes = new Tensor(5, 1, 3) { RequiresGrad = true };
        for (int t = 0; t < 5; t++)
        {
            spikes[t, 0, 1] = t < 2 ? 1f : 0f;
            spikes[t, 0, 2] = 1f;
        }
        return spikes;
    }

    private static (float Value, float[] Gradient) ValueAndGradient(Tensor spikes, Func<Tensor, Tensor> loss)
    {
        spikes.Grad?.Span.Clear();
        using var tape = new Tape();
        Tensor value = loss(spikes);
        tape.Backward(value);
        return (value.ToScalar(), spikes.Grad!.ToArray());
    }

    [Fact]
    public void BoundsOnCountsZeroTwoFiveMatchSection113()
    {
        Tensor spikes = CountsZeroTwoFive();
        (float upper, float[] upperGrad) = ValueAndGradient(spikes, s => SpikeRegularisers.UpperBoundL2(s, 3, 1, perNeuron: true));
        Assert.Equal(4f / 3f, upper, 1e-6f); // mean([0, 0, 4])
        (float lower, float[] lowerGrad) = ValueAndGradient(spikes, s => SpikeRegularisers.LowerBoundL2(s, 3, 1, perNeuron: true));
        Assert.Equal(10f / 3f, lower, 1e-6f); // mean([9, 1, 0])
        // d/dcount: upper 2·relu(c − 3)/3 = [0, 0, 4/3]; lower −2·relu(3 − c)/3 = [−2, −2/3, 0]; every step of a neuron gets it.
        for (int t = 0; t < 5; t++)
        {
            Assert.Equal([0f, 0f, 4f / 3f], upperGrad.AsSpan(t * 3, 3).ToArray(), Tolerance);
            Assert.Equal([-2f, -2f / 3f, 0f], lowerGrad.AsSpan(t * 3, 3).ToArray(), Tolerance);
        }
    }

    [Fact]
    public void PopulationBoundsUseTheMeanCount()
    {
        // Mean count 7/3: upper bound 3 is not reached; lower bound 3 gives (2/3)² = 4/9, times λ = 2.
        Tensor spikes = CountsZeroTwoFive();
        Assert.Equal(0f, ValueAndGradient(spikes, s => SpikeRegularisers.UpperBoundL2(s, 3, 2, perNeuron: false)).Value);
        (float lower, float[] grad) = ValueAndGradient(spikes, s => SpikeRegularisers.LowerBoundL2(s, 3, 2, perNeuron: false));
        Assert.Equal(8f / 9f, lower, 1e-6f);
        // d/ds = λ·(−2)(3 − 7/3)·(1/3) = −8/9 for every spike slot.
        Assert.All(grad, g => Assert.Equal(-8f / 9f, g, 1e-6f));
    }

    [Fact]
    public void RateTargetAndSpyTorchTermsMatchHandValues()
    {
        Tensor spikes = CountsZeroTwoFive();
        // Rates per step [0, 0.4, 1]; target 0.2: 0.04 + 0.04 + 0.64 = 0.72, times c = 0.5.
        (float rate, float[] rateGrad) = ValueAndGradient(spikes, s => SpikeRegularisers.RateTarget(s, 0.2, 0.5));
        Assert.Equal(0.36f, rate, 1e-6f);
        // d/ds = c·2(f̄ − f)/(T·B) = [−0.04, 0.04, 0.16].
        Assert.Equal([-0.04f, 0.04f, 0.16f], rateGrad.AsSpan(0, 3).ToArray(), Tolerance);
        Assert.Equal(7e-3f, ValueAndGradient(spikes, s => SpikeRegularisers.SpikeL1(s, 1e-3)).Value, 1e-9f);
        // mean([0², 2², 5²]) = 29/3; gradient 2·count/3.
        (float l2, float[] l2Grad) = ValueAndGradient(spikes, s => SpikeRegularisers.SpikeL2(s, 1));
        Assert.Equal(29f / 3f, l2, 1e-5f);
        Assert.Equal([0f, 4f / 3f, 10f / 3f], l2Grad.AsSpan(0, 3).ToArray(), Tolerance);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        // Smooth "spikes" (surrogate-mode outputs) over [T = 4, B = 3, 2×3 neurons], counts kept away from the bounds' kinks.
        var spikes = new Tensor(4, 3, 2, 3) { RequiresGrad = true, Name = "spikes" };
        Init.Uniform(spikes, new Rng(9), 0f, 1f);
        Func<Tensor, Tensor>[] losses =
        [
            s => SpikeRegularisers.UpperBoundL2(s, 0.7, 1.5, perNeuron: true),
            s => SpikeRegularisers.LowerBoundL2(s, 3.3, 0.5, perNeuron: true),
            s => SpikeRegularisers.UpperBoundL2(s, 1.0, 1.0, perNeuron: false),
            s => SpikeRegularisers.LowerBoundL2(s, 3.5, 1.0, perNeuron: false),
            s => SpikeRegularisers.RateTarget(s, 0.1, 2.0),
            s => SpikeRegularisers.SpikeL1(s, 0.3),
            s => SpikeRegularisers.SpikeL2(s, 0.05),
        ];
        foreach (Func<Tensor, Tensor> loss in losses)
        {
            GradCheck.Assert(() => loss(spikes), [spikes], step: 1e-3, relativeTolerance: 1e-2, absoluteTolerance: 1e-3);
        }
    }

    [Fact]
    public void RejectsSpikesWithoutTimeAndBatchAxes()
    {
        var error = Assert.Throws<ArgumentException>(() => SpikeRegularisers.UpperBoundL2(new Tensor(4, 3), 1, 1, true));
        Assert.Contains("[T, B, ...]", error.Message);
    }

    private static readonly FloatTolerance Tolerance = new(1e-6f);
}

/// <summary>Element-wise float comparison for <c>Assert.Equal</c> on arrays.</summary>
internal sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(float obj) => 0;
}
