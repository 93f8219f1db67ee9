using Dendrite.Autodiff;
using Dendrite.Learning;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning;

/// <summary>Seeded MLPs learn XOR and two-moons to 100%, bit-identically on repeated runs.</summary>
public class MlpTrainingTests
{
    [Fact]
    public void LearnsXorExactlyAndReproducibly()
    {
        float[] inputs = [0, 0, 0, 1, 1, 0, 1, 1];
        int[] labels = [0, 1, 1, 0];
        (float[] weights, float accuracy) = Train(Tensor.FromArray(inputs, 4, 2), labels, hidden: 8, steps: 400, seed: 1);
        (float[] again, _) = Train(Tensor.FromArray(inputs, 4, 2), labels, hidden: 8, steps: 400, seed: 1);
        Assert.Equal(1f, accuracy);
        Assert.Equal(weights, again);
    }

    [Fact]
    public void LearnsTwoMoons()
    {
        (Tensor x, int[] labels) = TwoMoons(200, noise: 0.1f, seed: 3);
        (float[] weights, float accuracy) = Train(x, labels, hidden: 32, steps: 1500, seed: 2);
        (float[] again, _) = Train(x, labels, hidden: 32, steps: 1500, seed: 2);
        Assert.Equal(1f, accuracy);
        Assert.Equal(weights, again);
    }

    private static (float[] Weights, float Accuracy) Train(Tensor x, int[] labels, int hidden, int steps, ulong seed)
    {
        var rng = new Rng(seed);
        var model = new Sequential(new Linear(x.Shape[1], hidden, rng), new Tanh(), new Linear(hidden, 2, rng));
        var optimizer = new Adam(model.Parameters(), 0.02f);
        for (int step = 0; step < steps; step++)
        {
            optimizer.ZeroGrad();
            using var tape = new Tape();
            tape.Backward(Losses.CrossEntropy(model.Forward(x), labels));
            optimizer.Step();
        }
        Tensor logits;
        using (Tape.NoGrad())
        {
            logits = model.Forward(x);
        }
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            int predicted = logits[i, 1] > logits[i, 0] ? 1 : 0;
            correct += predicted == labels[i] ? 1 : 0;
        }
        float[] weights = model.Parameters().SelectMany(p => p.Value.ToArray()).ToArray();
        return (weights, correct / (float)labels.Length);
    }

    // Two interleaving half circles (scikit-learn's make_moons), with Gaussian noise.
    private static (Tensor X, int[] Labels) TwoMoons(int count, float noise, ulong seed)
    {
        var rng = new Rng(seed);
        var x = new Tensor(count, 2);
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = i % 2;
            float angle = MathF.PI * rng.NextFloat();
            float px = label == 0 ? MathF.Cos(angle) : 1f - MathF.Cos(angle);
            float py = label == 0 ? MathF.Sin(angle) : 0.5f - MathF.Sin(angle);
            x[i, 0] = px + noise * rng.NextNormal();
            x[i, 1] = py + noise * rng.NextNormal();
            labels[i] = label;
        }
        return (x, labels);
    }
}
