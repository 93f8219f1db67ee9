using Dendrite.Data.Encoding;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class EncoderTests
{
    [Fact]
    public void RateCodeMeanMatchesIntensity()
    {
        float[] intensities = [0f, 0.1f, 0.25f, 0.5f, 0.9f, 1f, 1.5f, -0.2f];
        Tensor spikes = RateEncoder.Encode(Tensor.FromArray(intensities, 1, intensities.Length), 4000, new Rng(5));
        Assert.Equal(new TensorShape(4000, 1, intensities.Length), spikes.Shape);
        Assert.All(spikes.ToArray(), s => Assert.True(s is 0f or 1f));
        for (int i = 0; i < intensities.Length; i++)
        {
            double p = Math.Clamp(intensities[i], 0, 1);
            double mean = Enumerable.Range(0, 4000).Average(t => spikes[t, 0, i]);
            // Binomial standard error at 4000 draws is at most 0.0079; allow four of them.
            Assert.True(Math.Abs(mean - p) <= 4 * Math.Sqrt(p * (1 - p) / 4000) + 1e-9, $"intensity {intensities[i]}: mean {mean}");
        }
        Assert.Equal(spikes.ToArray(), RateEncoder.Encode(Tensor.FromArray(intensities, 1, intensities.Length), 4000, new Rng(5)).ToArray());
    }

    [Theory]
    [InlineData(1f, 0)]          // (1 − 1)·10 + 0.5 → 0
    [InlineData(0.5f, 5)]        // 0.5·10 + 0.5 = 5.5 → 5
    [InlineData(0.25f, 8)]       // 0.75·10 + 0.5 = 8.0 → 8
    [InlineData(0.01f, 10)]      // 0.99·10 + 0.5 = 10.4 → 10
    [InlineData(0.005f, null)]   // below the threshold: silent
    public void LinearLatencyIsHandDerived(float x, int? step)
    {
        var encoder = new LatencyEncoder(11);
        Assert.Equal(step, encoder.SpikeStep(x));
    }

    [Theory]
    [InlineData(1f, 4)]          // 20·ln(1 / 0.8) = 4.46
    [InlineData(0.4f, 13)]       // 20·ln(2) = 13.86
    [InlineData(0.21f, null)]    // 20·ln(21) = 60.9, beyond 50 steps
    [InlineData(0.2f, null)]     // at the threshold: never reaches it
    public void LogarithmicLatencyIsHandDerived(float x, int? step)
    {
        var encoder = new LatencyEncoder(50, LatencyMode.Logarithmic, Threshold: 0.2f, Tau: 20f);
        Assert.Equal(step, encoder.SpikeStep(x));
    }

    [Fact]
    public void LatencyTensorHasOneSpikeAtTheStep()
    {
        Tensor spikes = new LatencyEncoder(11).Encode(Tensor.FromArray([1f, 0.5f, 0f], 1, 3));
        Assert.Equal(new TensorShape(11, 1, 3), spikes.Shape);
        Assert.Equal(1f, spikes[0, 0, 0]);
        Assert.Equal(1f, spikes[5, 0, 1]);
        Assert.Equal(2f, spikes.ToArray().Sum()); // x = 0 is below the 0.01 threshold
    }

    [Fact]
    public void DeltaSeparatesOnAndOff()
    {
        // x = 0.4, 0.5, 0.9, 0.1, 0.1 with threshold 0.3: changes +0.4 (from 0), +0.1, +0.4, −0.8, 0.
        Tensor sequence = Tensor.FromArray([0.4f, 0.5f, 0.9f, 0.1f, 0.1f], 5, 1, 1);
        Tensor spikes = DeltaEncoder.Encode(sequence, 0.3f);
        Assert.Equal(new TensorShape(5, 1, 2, 1), spikes.Shape);
        Assert.Equal([0f, 0f, 0f, 1f, 0f], Enumerable.Range(0, 5).Select(t => spikes[t, 0, 0, 0])); // OFF
        Assert.Equal([1f, 0f, 1f, 0f, 0f], Enumerable.Range(0, 5).Select(t => spikes[t, 0, 1, 0])); // ON
        Tensor padded = DeltaEncoder.Encode(sequence, 0.3f, padFirstStep: true);
        Assert.Equal(0f, padded[0, 0, 1, 0]);
        Assert.Equal(1f, DeltaEncoder.Encode(Tensor.FromArray([0f, 0.3f], 2, 1, 1), 0.3f)[1, 0, 1, 0]); // ≥ threshold fires
    }

    [Fact]
    public void PopulationCodeSumsGroups()
    {
        var code = new PopulationCode(Classes: 3, NeuronsPerClass: 2);
        // T = 2, B = 2, 6 neurons: sample 0 fires neurons 4 and 5 (class 2) and 0 once; sample 1 fires neuron 1 twice.
        Tensor spikes = Tensor.FromArray(
        [
            1, 0, 0, 0, 1, 0, /* b1 */ 0, 1, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 1, /* b1 */ 0, 1, 0, 0, 0, 0,
        ], 2, 2, 6);
        Assert.Equal([1f, 0f, 2f, 2f, 0f, 0f], code.Counts(spikes).ToArray());
        Assert.Equal([2, 0], code.Predict(spikes));
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f, 0.1f, 0.1f, 0.1f, 0.1f, 0.8f, 0.8f], code.Targets([1, 2], 1f, 0f).ToArray().Take(6).Concat(code.Targets([2], 0.8f, 0.1f).ToArray()));
    }
}
