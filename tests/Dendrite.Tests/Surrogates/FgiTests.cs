using Dendrite.Autodiff;
using Dendrite.Learning;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;
using Dendrite.Tests.Neurons;

namespace Dendrite.Tests.Surrogates;

public sealed class FgiTests
{
    [Theory]
    [InlineData("T12a")]
    [InlineData("T12b")]
    public void T12ForwardIsExactStepAndGradientIsSurrogate(string id)
    {
        var vector = ConformanceVectors.Get(id);
        ISurrogate surrogate = id == "T12a" ? new MultiGaussian() : new DoubleGaussian();
        Tensor x = Tensor.FromArray(vector.Doubles("input.x").Select(v => (float)v).ToArray(), 3);
        x.RequiresGrad = true;
        using var tape = new Tape();
        Tensor y = Fgi.Spike(x, surrogate);
        Assert.Equal(vector.Doubles("expected.forward").Select(v => (float)v).ToArray(), y.ToArray());
        tape.Backward(y);
        ConformanceVectors.AssertClose(vector.Doubles("expected.dy_dx"), x.Grad!.ToArray().Select(v => (double)v).ToArray(), id);

        // A custom-backward spike gives identical gradients.
        Tensor x2 = x.Detach();
        x2.RequiresGrad = true;
        using var tape2 = new Tape();
        Tensor y2 = CustomBackwardSpike(x2, surrogate);
        tape2.Backward(y2);
        Assert.Equal(x.Grad!.ToArray(), x2.Grad!.ToArray());
    }

    [Fact]
    public void InfiniteSlopeTimesInputIsGuarded()
    {
        Tensor x = Tensor.FromArray([1e30f, 0.5f], 2);
        x.RequiresGrad = true;
        using var tape = new Tape();
        Tensor y = Fgi.Inject(x, Tensor.FromArray([1f, 1f], 2), Tensor.FromArray([1e30f, 2f], 2));
        Assert.Equal([1f, 1f], y.ToArray());
        tape.Backward(y);
        Assert.Equal([0f, 2f], x.Grad!.ToArray());
    }

    private static Tensor CustomBackwardSpike(Tensor x, ISurrogate surrogate)
    {
        var y = new Tensor(x.Shape);
        for (int i = 0; i < x.Length; i++)
        {
            y.Span[i] = x.Span[i] > 0 ? 1f : 0f;
        }
        Tape.Record("CustomSpike", y, g =>
        {
            Span<float> gx = x.GradOrZeros().Span;
            for (int i = 0; i < x.Length; i++)
            {
                gx[i] += g.Span[i] * (float)surrogate.Derivative(x.Span[i]);
            }
        });
        return y;
    }

    /// <summary>A user's LIF written from primitive ops (snnTorch Leaky: next-step subtract reset, detached), spiking through FGI.</summary>
    private static Tensor UserLif(Tensor currents, float beta, float threshold, ISurrogate surrogate)
    {
        int steps = currents.Shape[0];
        Tensor membrane = new Tensor(currents.Shape[1], currents.Shape[2]);
        var spikes = new List<Tensor>();
        for (int t = 0; t < steps; t++)
        {
            Tensor reset = Ops.StopGradient(Ops.Heaviside(Ops.AddScalar(membrane, -threshold)));
            membrane = Ops.Subtract(Ops.Add(Ops.Scale(membrane, beta), currents[t]), Ops.Scale(reset, threshold));
            spikes.Add(Fgi.Spike(Ops.AddScalar(membrane, -threshold), surrogate));
        }
        return Ops.Stack(spikes);
    }

    [Fact]
    public void UserNeuronWithFgiMatchesHandWrittenBackward()
    {
        var surrogate = new Arctan(2.0);
        var layer = new LifLayer(6, 8, new Rng(4), new LifParameters { Beta = 0.9, Surrogate = surrogate });
        Tensor x = TestData.Uniform(6, -1.5f, 2.5f, 12, 3, 6);
        Tensor weights = TestData.Uniform(7, 0.5f, 1.5f, 12, 3, 8);

        layer.ZeroGrad();
        Tensor handWritten;
        using (var tape = new Tape())
        {
            handWritten = layer.Forward(x);
            tape.Backward(Ops.Sum(Ops.Multiply(handWritten, weights)));
        }
        float[] expected = layer.Weight.Grad!.ToArray();

        layer.ZeroGrad();
        Tensor user;
        using (var tape = new Tape())
        {
            user = UserLif(Ops.Linear(x, layer.Weight), 0.9f, 1f, surrogate);
            tape.Backward(Ops.Sum(Ops.Multiply(user, weights)));
        }
        Assert.Equal(handWritten.ToArray(), user.ToArray());
        Assert.Contains(handWritten.ToArray(), v => v == 1f);
        float[] actual = layer.Weight.Grad!.ToArray();
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected[i])), $"weight grad {i}: hand-written {expected[i]}, FGI {actual[i]}");
        }
    }

    [Fact]
    public void UserNeuronWithFgiTrains()
    {
        // Two classes of 4-channel patterns over 10 steps; the class is which channel pair carries the drive. Spike counts
        // of a user-written FGI LIF layer feed a linear readout.
        var rng = new Rng(5);
        int steps = 10;
        int batch = 32;
        var input = new Linear(4, 16, rng.Fork(1), bias: true);
        var readout = new Linear(16, 2, rng.Fork(2));
        var parameters = input.Parameters().Concat(readout.Parameters()).ToList();
        var optimizer = new Adam(parameters, 0.05f);
        (Tensor x, int[] labels) = Batch(new Rng(99), steps, batch);
        float Accuracy()
        {
            using var scope = Tape.NoGrad();
            Tensor logits = readout.Forward(Ops.Sum(UserLif(input.Forward(x), 0.8f, 1f, new FastSigmoid()), 0));
            int correct = 0;
            for (int b = 0; b < batch; b++)
            {
                int predicted = logits[b, 1] > logits[b, 0] ? 1 : 0;
                correct += predicted == labels[b] ? 1 : 0;
            }
            return correct / (float)batch;
        }
        for (int iteration = 0; iteration < 60; iteration++)
        {
            (Tensor xb, int[] yb) = Batch(rng, steps, batch);
            optimizer.ZeroGrad();
            using var tape = new Tape();
            Tensor counts = Ops.Sum(UserLif(input.Forward(xb), 0.8f, 1f, new FastSigmoid()), 0);
            tape.Backward(Losses.CrossEntropy(readout.Forward(counts), yb));
            optimizer.Step();
        }
        Assert.True(Accuracy() >= 0.95f, $"accuracy {Accuracy()}");
    }

    private static (Tensor X, int[] Labels) Batch(Rng rng, int steps, int batch)
    {
        var x = new Tensor(steps, batch, 4);
        var labels = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            labels[b] = rng.NextInt(2);
            for (int t = 0; t < steps; t++)
            {
                for (int c = 0; c < 4; c++)
                {
                    bool driven = c / 2 == labels[b];
                    x.Span[(t * batch + b) * 4 + c] = rng.NextFloat() < (driven ? 0.6f : 0.1f) ? 1f : 0f;
                }
            }
        }
        return (x, labels);
    }
}
