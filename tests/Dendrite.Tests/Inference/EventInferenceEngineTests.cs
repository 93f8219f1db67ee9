using Dendrite.Autodiff;
using Dendrite.Inference;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Inference;

/// <summary>The deployment engine gives the training path's outputs, keeps state between calls, and counts SynOps exactly.</summary>
/// <remarks>Bit-for-bit comparisons with the training path's GEMM need the same thread count throughout, hence the collection.</remarks>
[Collection("KernelThreads")]
public sealed class EventInferenceEngineTests
{
    private static readonly LifParameters FastSigmoidLif = new() { Surrogate = new FastSigmoid() };

    [Theory]
    [InlineData(ResetMode.Subtract, ResetTiming.NextStep)] // the engine's LIF kernel
    [InlineData(ResetMode.Subtract, ResetTiming.SameStep)] // the engine's LIF kernel, Norse timing
    [InlineData(ResetMode.Zero, ResetTiming.NextStep)] // the generic per-neuron model step
    public void RecurrentLifWithLeakyReadoutMatchesTheTrainingForward(ResetMode reset, ResetTiming timing)
    {
        var rng = new Rng(11);
        var hidden = new LifLayer(40, 24, rng.Fork(1), FastSigmoidLif with { Reset = reset, Timing = timing }, recurrent: true, bias: true);
        Scale(hidden.Weight, 3f);
        var readout = new LiLayer(24, 5, rng.Fork(2), new LiParameters { Form = LiForm.Leaky, Beta = 0.9 });
        // 2% input activity: the training path projects these spikes event-driven too, so the two agree bit for bit.
        Tensor input = Spikes(rng.Fork(3), 30, 3, 40, 0.02f);
        Tensor expectedHidden = TrainingForward(hidden, input);
        Tensor expected = TrainingForward(readout, expectedHidden);

        var engine = new EventInferenceEngine([hidden, readout]);
        Tensor actual = engine.Run(input);

        Assert.True(Sum(expectedHidden) > 20, "the test needs hidden spikes to mean anything");
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal((long)Sum(expectedHidden), engine.Spikes);

        // A run starts from zeros even when the last one, of the same batch, left state and spikes behind in the kept buffers.
        long synOps = engine.SynOps;
        engine.Run(Spikes(rng.Fork(4), 30, 3, 40, 0.3f));
        Assert.Equal(expected.ToArray(), engine.Run(input).ToArray());
        Assert.Equal((long)Sum(expectedHidden), engine.Spikes);
        Assert.Equal(synOps, engine.SynOps);
    }

    [Fact]
    public void DenseInputsThroughLinearAndIfLayersMatchTheTrainingForwardToRounding()
    {
        var rng = new Rng(5);
        var linear = new Linear(30, 20, rng.Fork(1));
        var integrate = new LifLayer(20, 16, rng.Fork(2), LifParameters.IntegrateAndFire() with { Surrogate = new FastSigmoid() }, bias: true);
        var output = new LifLayer(16, 4, rng.Fork(3), FastSigmoidLif with { Timing = ResetTiming.SameStep });
        Scale(output.Weight, 4f);
        // 30% activity: the training path takes the dense GEMM, whose summation order differs from the engine's.
        Tensor input = Spikes(rng.Fork(4), 12, 2, 30, 0.3f);
        Tensor expected = TrainingForward(output, TrainingForward(integrate, TrainingForward(linear, input)));

        Tensor actual = new EventInferenceEngine([linear, integrate, output]).Run(input);

        Assert.True(Sum(expected) > 5, "the test needs output spikes to mean anything");
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void DenseInputsToANeuronLayerTakeTheTrainingPathsProjectionAndCountTheSameSynOps()
    {
        var rng = new Rng(21);
        var hidden = new LifLayer(50, 30, rng.Fork(1), FastSigmoidLif, bias: true);
        Scale(hidden.Weight, 2f);
        var output = new LifLayer(30, 4, rng.Fork(2), FastSigmoidLif);
        Scale(output.Weight, 8f);
        // 30% active: the training path and the engine's Run both project with one GEMM; Step accumulates events.
        Tensor input = Spikes(rng.Fork(3), 10, 3, 50, 0.3f);
        Tensor expected = TrainingForward(output, TrainingForward(hidden, input));
        var engine = new EventInferenceEngine([hidden, output]);
        Tensor actual = engine.Run(input);
        var streaming = new EventInferenceEngine([hidden, output]);
        for (int t = 0; t < 10; t++)
        {
            streaming.Step(input[t]);
        }

        Assert.True(Sum(expected) > 5, "the test needs output spikes to mean anything");
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal((long)Sum(input) * 30 + engine.LayerActivity[0].Events * 4, engine.SynOps);
        Assert.Equal(streaming.SynOps, engine.SynOps);
        // The stream goes on after Run, event-driven, from the state Run left.
        Assert.Equal(streaming.Step(input[0]).ToArray(), engine.Step(input[0]).ToArray());
    }

    [Theory]
    [InlineData(0.005f, null)] // step by step from the active inputs
    [InlineData(0.03f, null)]
    [InlineData(0.1f, KernelPath.EventDriven)] // whole sequence up front, tiled event-driven
    [InlineData(0.3f, KernelPath.EventDriven)]
    [InlineData(0.5f, KernelPath.Dense)] // whole sequence up front, one GEMM (recoding would save under a fifth)
    [InlineData(0.7f, KernelPath.EventComplement)] // whole sequence up front, each stream's usual inputs once
    public void EveryInputPathGivesTheTrainingForwardAndTheStreamingResult(float rate, KernelPath? path)
    {
        var rng = new Rng(41);
        var hidden = new LifLayer(150, 40, rng.Fork(1), FastSigmoidLif, bias: true);
        Scale(hidden.Weight, 0.3f / MathF.Max(rate, 0.02f));
        var output = new LifLayer(40, 20, rng.Fork(2), FastSigmoidLif);
        Scale(output.Weight, 6f);
        Tensor input = Spikes(rng.Fork(3), 12, 5, 150, rate);
        Tensor expectedHidden = TrainingForward(hidden, input);
        Tensor expected = TrainingForward(output, expectedHidden);

        var engine = new EventInferenceEngine([hidden, output]);
        Tensor actual = engine.Run(input);
        var streaming = new EventInferenceEngine([hidden, output]);
        var streamed = new List<float>();
        for (int t = 0; t < 12; t++)
        {
            streamed.AddRange(streaming.Step(input[t]).ToArray());
        }

        // The same spikes given as events: the same path, outputs and counts, without the dense tensor.
        var fromEvents = new EventInferenceEngine([hidden, output]);
        Tensor actualFromEvents = fromEvents.Run(EventSequence.FromDense(input));

        Assert.Equal(path, engine.LastInputPath);
        Assert.Equal(path, fromEvents.LastInputPath);
        Assert.Equal(expected.ToArray(), actualFromEvents.ToArray());
        Assert.Equal(engine.SynOps, fromEvents.SynOps);
        Assert.Equal((long)Sum(input), fromEvents.InputEvents);
        Assert.True(Sum(expectedHidden) > 20 && Sum(expected) > 5, "the test needs spikes in both layers to mean anything");
        // Binary inputs: the engine sums the same weight rows in the same order as the training path's projection.
        Assert.Equal(expected.ToArray(), actual.ToArray());
        Assert.Equal(expected.ToArray(), streamed.ToArray());
        Assert.Equal((long)Sum(input), engine.InputEvents);
        Assert.Equal((long)Sum(input) * 40 + (long)Sum(expectedHidden) * 20, engine.SynOps);
        Assert.Equal(streaming.SynOps, engine.SynOps);
    }

    [Fact]
    public void StreamingStepByStepKeepsStateBetweenCalls()
    {
        var rng = new Rng(8);
        var hidden = new LifLayer(10, 8, rng.Fork(1), FastSigmoidLif, recurrent: true);
        Scale(hidden.Weight, 4f);
        var readout = new LiLayer(8, 3, rng.Fork(2));
        Tensor input = Spikes(rng.Fork(3), 9, 2, 10, 0.2f);
        var whole = new EventInferenceEngine([hidden, readout]);
        Tensor expected = whole.Run(input);

        var streaming = new EventInferenceEngine([hidden, readout]);
        for (int t = 0; t < 9; t++)
        {
            Tensor y = streaming.Step(input[t]);
            Assert.Equal(expected[t].ToArray(), y.ToArray());
        }
        Assert.Equal(whole.SynOps, streaming.SynOps);
        var wrongBatch = new Tensor(3, 10);
        Assert.Contains("Reset(3)", Assert.Throws<ArgumentException>(() => streaming.Step(wrongBatch)).Message);
    }

    [Fact]
    public void SynOpsAreSpikesTimesFanOutCountedByHand()
    {
        var hidden = new LifLayer(3, 2, new Rng(1), FastSigmoidLif, recurrent: true);
        hidden.Weight.Span.Clear();
        hidden.Weight.Span[0 * 3 + 0] = 2f; // neuron 0 listens to input 0
        hidden.Weight.Span[1 * 3 + 1] = 2f; // neuron 1 listens to input 1
        hidden.RecurrentWeight!.Span.Clear();
        var readout = new LiLayer(2, 4, new Rng(2));
        Tensor input = Tensor.FromArray([1, 0, 0, 1, 1, 0, 0, 0, 1], 3, 1, 3);
        var engine = new EventInferenceEngine([hidden, readout]);
        engine.Run(input);

        // By hand (β 0.9, θ 1, subtract reset from the previous membrane): U0 = 2, 2.8, 1.52 → spikes 1, 1, 1;
        // U1 = 0, 2, 0.8 → spikes 0, 1, 0. Hidden spikes per step 1, 2, 1.
        Assert.Equal(4, engine.Spikes);
        Assert.Equal(4, engine.InputEvents);
        // Input events 4 × fan-out 2, recurrent: previous spikes (0 + 1 + 2) × 2, readout: hidden spikes 4 × 4.
        Assert.Equal(4 * 2 + 3 * 2 + 4 * 4, engine.SynOps);
        Assert.Equal([(2, true, 4L, 14L), (4, false, 12L, 16L)], engine.LayerActivity);
    }

    [Fact]
    public void AccumulatorMatchesItsDenseReference()
    {
        var rng = new Rng(3);
        foreach (int outputs in (int[])[1, 7, 16, 33])
        {
            var activity = new StepActivity(2, 13);
            for (int i = 0; i < activity.Values.Length; i++)
            {
                float draw = rng.NextFloat();
                activity.Values[i] = draw < 0.6f ? 0f : draw < 0.8f ? 1f : rng.NextNormal();
            }
            activity.Gather();
            var weights = new float[13 * outputs];
            rng.FillNormal(weights, 0f, 1f);
            for (int b = 0; b < 2; b++)
            {
                var expected = new float[outputs];
                var actual = new float[outputs];
                EventAccumulator.RowReference(activity.Values.AsSpan(b * 13, 13), weights, expected);
                long synOps = EventAccumulator.Row(activity, b, weights, actual, actual);
                Assert.Equal((long)activity.Active(b).Length * outputs, synOps);
                for (int o = 0; o < outputs; o++)
                {
                    Assert.Equal(expected[o], actual[o], 4);
                }
            }
            // Both rows in one call, onto a bias, at a stride wider than a row: the gap between rows stays untouched.
            var bias = new float[outputs];
            rng.FillNormal(bias, 0f, 1f);
            int stride = outputs + 3;
            var rows = new float[2 * stride];
            rows.AsSpan().Fill(float.NaN);
            long both = EventAccumulator.Rows(activity, 0, 2, weights, bias, outputs, rows, stride);
            Assert.Equal((activity.Active(0).Length + activity.Active(1).Length) * (long)outputs, both);
            for (int b = 0; b < 2; b++)
            {
                float[] expected = [.. bias];
                EventAccumulator.RowReference(activity.Values.AsSpan(b * 13, 13), weights, expected);
                for (int o = 0; o < outputs; o++)
                {
                    Assert.Equal(expected[o], rows[b * stride + o], 4);
                }
                Assert.All(rows.AsSpan(b * stride + outputs, 3).ToArray(), gap => Assert.True(float.IsNaN(gap)));
            }
            Assert.Throws<ArgumentException>(() => EventAccumulator.Rows(activity, 0, 2, weights, bias, outputs, rows.AsSpan(0, stride + outputs - 1), stride));
        }
    }

    [Fact]
    public void LayersThatDoNotChainAreNamed()
    {
        var rng = new Rng(1);
        var error = Assert.Throws<ArgumentException>(() => new EventInferenceEngine([new LifLayer(4, 3, rng), new LiLayer(5, 2, rng)]));
        Assert.Contains("Layer 1 (LiLayer) takes 5 inputs", error.Message);
    }

    private static Tensor TrainingForward<TModel>(NeuronLayer<TModel> layer, Tensor input)
        where TModel : struct, INeuronModel
    {
        using (Tape.NoGrad())
        {
            return layer.ForwardSequence(input).Output;
        }
    }

    private static Tensor TrainingForward(Linear layer, Tensor input)
    {
        using (Tape.NoGrad())
        {
            return layer.Forward(input);
        }
    }

    private static Tensor Spikes(Rng rng, int steps, int batch, int width, float rate)
    {
        var x = new Tensor(steps, batch, width);
        var p = new float[x.Length];
        Array.Fill(p, rate);
        rng.FillBernoulli(x.Span, p);
        return x;
    }

    private static void Scale(Tensor t, float factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(t.Span, factor, t.Span);

    private static float Sum(Tensor t) => System.Numerics.Tensors.TensorPrimitives.Sum(t.Span);
}
