using Dendrite.Autodiff;
using Dendrite.Learning;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Tests.Neurons;

/// <summary>
/// Training steps whose large buffers come from the <see cref="BufferPool"/> against the same steps with every buffer allocated
/// afresh (<see cref="BufferPool.Bypass"/>). The pooled run poisons each returned array with NaN, so a kernel that read an array
/// after giving it back, or a rented array it assumed zero, would change the loss or the weights. Sizes are chosen so that
/// every buffer is pooled: 1100 neurons × batch 16 makes one step's row (17 600 values) longer than <see cref="BufferPool.MinLength"/>.
/// </summary>
public sealed class BufferReuseTests
{
    private const int Steps = 12, Batch = 16, Inputs = 60, Hidden = 1100, Classes = 5;

    [Theory]
    [InlineData(SpikeInputSequence.DefaultKeepLimit)]
    [InlineData(0L)]
    public void TwoStepsWithReusedBuffersEqualStepsWithFreshBuffers(long keepLimit)
    {
        (float[] Losses, float[][] Weights) fresh = Train(pooled: false, keepLimit);
        (float[] Losses, float[][] Weights) reused = Train(pooled: true, keepLimit);
        Assert.All(fresh.Losses, l => Assert.True(float.IsFinite(l) && l > 0));
        Assert.Equal(fresh.Losses, reused.Losses);
        for (int i = 0; i < fresh.Weights.Length; i++)
        {
            Assert.True(fresh.Weights[i].AsSpan().SequenceEqual(reused.Weights[i]), $"parameter {i} differs after two steps");
        }
    }

    [Fact]
    public void AnIntermediateGradientIsReleasedWithItsTapeAndAParameterGradientIsNot()
    {
        var hidden = new LifLayer(Inputs, Hidden, new Rng(3), new LifParameters { Threshold = 0.1 }, recurrent: true, bias: true);
        Tensor output;
        Tensor intermediateGrad;
        using (var tape = new Tape())
        {
            output = hidden.Forward(Spikes(new Rng(4)));
            Tensor loss = Ops.Sum(Ops.Multiply(output, output));
            tape.Backward(loss);
            intermediateGrad = output.Grad!;
            Assert.Equal(2f * output.Span[0], intermediateGrad.Span[0]);
        }
        // The output's values stay (they are the caller's); its gradient's buffer went back to the pool.
        Assert.Null(output.Grad);
        Assert.Throws<InvalidOperationException>(() => intermediateGrad.Span[0]);
        Assert.NotNull(hidden.Weight.Grad);
        Assert.Contains(hidden.Weight.Grad!.ToArray(), g => g != 0f);
    }

    [Fact]
    public void DisposingATapeWhoseOutputsReachTheThresholdRunsAFullCollection()
    {
        var x = new Tensor(64, 64) { RequiresGrad = true };
        long threshold = Tape.CollectAfterOutputBytes;
        Tape.CollectAfterOutputBytes = 64 * 64 * sizeof(float);
        int before;
        try
        {
            using var tape = new Tape();
            Ops.Multiply(x, x);
            before = GC.CollectionCount(2);
        }
        finally
        {
            Tape.CollectAfterOutputBytes = threshold;
        }
        Assert.True(GC.CollectionCount(2) > before, "no full collection after disposing a tape at the threshold");
    }

    private static (float[] Losses, float[][] Weights) Train(bool pooled, long keepLimit)
    {
        var hidden = new LifLayer(Inputs, Hidden, new Rng(7), new LifParameters { Threshold = 0.1, Surrogate = new FastSigmoid(25.0) },
            recurrent: true, bias: true);
        var elementwise = new ElementwiseNeurons<LifModel>(new LifLayer(1, 1, new Rng(8), new LifParameters { Beta = 0.5, Threshold = 0.5 }));
        var readout = new LiLayer(Hidden, Classes, new Rng(9), new LiParameters { Form = LiForm.Leaky, Beta = 0.9 });
        Parameter[] parameters = [.. hidden.Parameters(), .. elementwise.Parameters(), .. readout.Parameters()];
        var optimizer = new Adam(parameters, 1e-2f);
        var rng = new Rng(10);
        int[] labels = [.. Enumerable.Range(0, Batch).Select(b => b % Classes)];
        var losses = new float[2];
        BufferPool.Bypass = !pooled;
        BufferPool.PoisonReturned = pooled;
        try
        {
            for (int step = 0; step < losses.Length; step++)
            {
                Tensor x = Spikes(rng);
                optimizer.ZeroGrad();
                using (var tape = new Tape())
                {
                    Tensor spikes = SpikeInputSequence.TryForward(hidden.CreateModel(), x, hidden.Weight, hidden.Bias, hidden.NeuronParameters,
                        hidden.RecurrentWeight, null, null, null, 0, keepLimit)!.Value.Output;
                    Tensor scores = Readout.Scores(readout.Forward(elementwise.Forward(spikes)), ReadoutKind.MaxMembrane);
                    Tensor loss = Losses.CrossEntropy(scores, labels);
                    tape.Backward(loss);
                    losses[step] = loss.ToScalar();
                }
                // As the trainer does: the optimizer steps after the tape (and the buffers it released) is gone.
                optimizer.Step();
            }
        }
        finally
        {
            BufferPool.Bypass = false;
            BufferPool.PoisonReturned = false;
        }
        return (losses, [.. parameters.Select(p => p.Value.ToArray())]);
    }

    private static Tensor Spikes(Rng rng)
    {
        var x = new Tensor(Steps, Batch, Inputs);
        Span<float> span = x.Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = rng.NextFloat() < 0.03f ? 1f : 0f;
        }
        return x;
    }
}
