using Dendrite.Autodiff;
using Dendrite.Interop;
using Dendrite.Learning;
using Dendrite.Learning.Pruning;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Tests.Data;

namespace Dendrite.Tests.Learning;

/// <summary>Magnitude, iterative and ERK random pruning against learning.md §11.4.</summary>
public class PruningTests
{
    private static Parameter Weights(string name, params float[] values) => new(name, Tensor.FromArray(values, values.Length));

    [Fact]
    public void GlobalMagnitudeKeepsExactlyTheSection114Weights()
    {
        // k = ceil(0.4·5) = 2: exactly 0.1 and −0.05 go; open_lth's strict rule would also drop 0.3.
        Parameter w = Weights("w", 0.1f, -0.5f, 0.3f, -0.05f, 0.9f);
        var pruner = new Pruner([("w", w)]);
        pruner.PruneGlobal(0.4);
        Assert.Equal([0f, -0.5f, 0.3f, 0f, 0.9f], w.Value.ToArray());
        Assert.Equal([0f, 1f, 1f, 0f, 1f], pruner.Masks[0].Mask.ToArray());
    }

    [Fact]
    public void GlobalMagnitudeUsesOneThresholdAcrossParameters()
    {
        Parameter a = Weights("a", 0.1f, 0.2f, 0.3f);
        Parameter b = Weights("b", 5f, 6f, 0.05f);
        var pruner = new Pruner([("a", a), ("b", b)]);
        pruner.PruneGlobal(0.5); // k = 3: 0.05, 0.1, 0.2
        Assert.Equal([0f, 0f, 0.3f], a.Value.ToArray());
        Assert.Equal([5f, 6f, 0f], b.Value.ToArray());
    }

    [Fact]
    public void LayerwiseMagnitudePrunesEachParameterSeparately()
    {
        Parameter a = Weights("a", 0.1f, 0.2f, 0.3f, 0.4f);
        Parameter b = Weights("b", 5f, 6f, 7f, 8f);
        var pruner = new Pruner([("a", a), ("b", b)]);
        pruner.PruneLayerwise(0.5);
        Assert.Equal([0f, 0f, 0.3f, 0.4f], a.Value.ToArray());
        Assert.Equal([0f, 0f, 7f, 8f], b.Value.ToArray());
    }

    [Fact]
    public void TiesArePrunedInIndexOrder()
    {
        Parameter a = Weights("a", 0.5f, -0.5f, 0.5f);
        Parameter b = Weights("b", 0.5f);
        var pruner = new Pruner([("a", a), ("b", b)]);
        pruner.PruneGlobal(0.5); // k = 2 among four equal magnitudes: the first two in pruner order
        Assert.Equal([0f, 0f, 1f], pruner.Masks[0].Mask.ToArray());
        Assert.Equal([1f], pruner.Masks[1].Mask.ToArray());
    }

    [Fact]
    public void PruneCountIgnoresRepresentationErrorInTheFraction()
    {
        Assert.Equal(2, Pruner.PruneCount(0.4, 5));
        Assert.Equal(20, Pruner.PruneCount(0.2, 100));
        Assert.Equal(1, Pruner.PruneCount(0.2, 1));
        Assert.Equal(0, Pruner.PruneCount(0.2, 0));
    }

    [Fact]
    public void ImpLevelsReachDensityPointEightToTheN()
    {
        var rng = new Rng(11);
        var layer = new Linear(30, 20, rng, bias: false);
        var pruner = new Pruner([("weight", layer.Weight)]);
        var imp = new IterativeMagnitudePruning(pruner, pruner.Snapshot(), 0.2);
        int n = layer.Weight.Value.Length;
        imp.Run(6, level =>
        {
            // ±1 weight per level from the ceiling.
            double expected = Math.Pow(0.8, level) * n;
            Assert.InRange(pruner.RemainingCount, expected - level - 1, expected + 1);
        });
        Assert.Equal(7, imp.Level);
    }

    [Fact]
    public void RewindingRestoresThetaKOnSurvivorsAndRetrainingKeepsPrunedAtZeroUnderAdam()
    {
        var rng = new Rng(5);
        var model = new Sequential(new Linear(4, 8, rng), new Tanh(), new Linear(8, 1, rng));
        (string, Parameter)[] weights = model.NamedParameters().Where(p => p.Name.EndsWith("weight", StringComparison.Ordinal)).ToArray();
        var pruner = new Pruner(weights);
        var optimizer = new Adam(model.Parameters(), 0.05f, weightDecay: 0.01f);
        Tensor x = new(16, 4);
        rng.FillNormal(x.Span, 0f, 1f);
        Tensor y = new(16, 1);
        rng.FillNormal(y.Span, 0f, 1f);

        void Train(int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                optimizer.ZeroGrad();
                using (var tape = new Tape())
                {
                    tape.Backward(Losses.Mse(model.Forward(x), y));
                }
                pruner.MaskGradients();
                optimizer.Step();
                pruner.ApplyMasks();
            }
        }

        Train(3);
        WeightSnapshot thetaK = pruner.Snapshot(step: 3);
        float[][] stored = thetaK.Values.Select(t => t.ToArray()).ToArray();
        Train(20);
        pruner.PruneGlobal(0.5);
        pruner.Rewind(thetaK);
        for (int l = 0; l < weights.Length; l++)
        {
            float[] mask = pruner.Masks[l].Mask.ToArray();
            float[] value = weights[l].Item2.Value.ToArray();
            for (int i = 0; i < value.Length; i++)
            {
                Assert.Equal(mask[i] == 1f ? stored[l][i] : 0f, value[i]);
            }
        }

        Train(30);
        for (int l = 0; l < weights.Length; l++)
        {
            float[] mask = pruner.Masks[l].Mask.ToArray();
            float[] value = weights[l].Item2.Value.ToArray();
            float[] grad = weights[l].Item2.Grad!.ToArray();
            for (int i = 0; i < value.Length; i++)
            {
                if (mask[i] == 0f)
                {
                    Assert.Equal(0f, value[i]);
                    Assert.Equal(0f, grad[i]);
                }
            }
        }
        // Survivors did train away from θ_k.
        Assert.NotEqual(stored[0], weights[0].Item2.Value.ToArray());
    }

    [Fact]
    public void ErkDensitiesMatchTheFormulaAndAverageToTheTarget()
    {
        TensorShape first = new(100, 784);
        TensorShape second = new(10, 100);
        double[] densities = ErkDensities.Compute([first, second], 0.05);
        double epsilon = densities[0] / ((784.0 + 100) / (784.0 * 100));
        Assert.Equal(epsilon * (100.0 + 10) / (100.0 * 10), densities[1], 12);
        double average = (densities[0] * first.ElementCount + densities[1] * second.ElementCount) / (first.ElementCount + second.ElementCount);
        Assert.Equal(0.05, average, 12);
    }

    [Fact]
    public void ErkMakesOverfullLayersDenseAndStillHitsTheTarget()
    {
        // Without the dense loop the small layer would get density > 1.
        TensorShape big = new(1000, 1000);
        TensorShape small = new(2, 3);
        double[] densities = ErkDensities.Compute([big, small], 0.5);
        Assert.Equal(1.0, densities[1]);
        double average = (densities[0] * big.ElementCount + densities[1] * small.ElementCount) / (big.ElementCount + small.ElementCount);
        Assert.Equal(0.5, average, 12);
    }

    [Fact]
    public void ErkUsesTheKernelScoreForConvWeights()
    {
        TensorShape conv = new(16, 8, 3, 3);
        TensorShape fc = new(10, 64);
        double[] densities = ErkDensities.Compute([conv, fc], 0.1);
        double ratio = densities[0] / densities[1];
        double expected = ((16.0 + 8 + 3 + 3) / (16 * 8 * 9)) / ((10.0 + 64) / (10 * 64));
        Assert.Equal(expected, ratio, 12);
    }

    [Fact]
    public void RandomErkMasksKeepTheRoundedCountsAndAreSeeded()
    {
        Parameter a = new("a", new Tensor(50, 40));
        Parameter b = new("b", new Tensor(10, 50));
        a.Value.Span.Fill(1f);
        b.Value.Span.Fill(1f);
        var pruner = new Pruner([("a", a), ("b", b)]);
        double[] densities = pruner.PruneRandomErk(0.2, new Rng(3));
        Assert.Equal((int)Math.Round(densities[0] * 2000), pruner.Masks[0].RemainingCount);
        Assert.Equal((int)Math.Round(densities[1] * 500), pruner.Masks[1].RemainingCount);
        Assert.InRange(pruner.Density, 0.2 - 1e-3, 0.2 + 1e-3);
        Assert.Equal(pruner.Masks[0].Mask.ToArray(), a.Value.ToArray());

        var again = new Pruner([("a", new Parameter("a", new Tensor(50, 40))), ("b", new Parameter("b", new Tensor(10, 50)))]);
        again.PruneRandomErk(0.2, new Rng(3));
        Assert.Equal(pruner.Masks[0].Mask.ToArray(), again.Masks[0].Mask.ToArray());
        Assert.Equal(pruner.Masks[1].Mask.ToArray(), again.Masks[1].Mask.ToArray());
    }

    [Fact]
    public void MasksRoundTripThroughNamedStateTensors()
    {
        Parameter w = Weights("w", 0.1f, -0.5f, 0.3f, -0.05f, 0.9f);
        var pruner = new Pruner([("0.weight", w)]);
        pruner.PruneGlobal(0.4);
        (string Name, Tensor Tensor)[] saved = pruner.StateTensors().Select(s => (s.Name, s.Tensor.Clone())).ToArray();
        Assert.Equal("mask.0.weight", saved[0].Name);

        Parameter fresh = Weights("w", 1f, 2f, 3f, 4f, 5f);
        var restored = new Pruner([("0.weight", fresh)]);
        restored.LoadStateTensors(saved);
        Assert.Equal([0f, 2f, 3f, 0f, 5f], fresh.Value.ToArray());
    }

    [Fact]
    public void MasksRoundTripThroughASafetensorsFile()
    {
        var rng = new Rng(4);
        var model = new Sequential(new Linear(6, 5, rng), new Tanh(), new Linear(5, 2, rng));
        Pruner pruner = Pruner.ForWeights(model, "2.weight");
        Assert.Equal(["0.weight"], pruner.Masks.Select(m => m.Name).ToArray());
        pruner.PruneGlobal(0.6);
        using var temp = new TempDirectory();
        var writer = new SafetensorsWriter();
        foreach ((string name, Tensor tensor) in pruner.StateTensors())
        {
            writer.Add(name, tensor);
        }
        writer.Save(temp.File("masks.safetensors"), overwrite: false);

        var other = new Sequential(new Linear(6, 5, new Rng(8)), new Tanh(), new Linear(5, 2, new Rng(8)));
        Pruner restored = Pruner.ForWeights(other, "2.weight");
        SafetensorsFile.LoadInto(temp.File("masks.safetensors"), restored.StateTensors().ToDictionary(t => t.Name, t => t.Tensor));
        restored.ApplyMasks();
        Assert.Equal(pruner.Masks[0].Mask.ToArray(), restored.Masks[0].Mask.ToArray());
        Assert.Equal(pruner.RemainingCount, restored.RemainingCount);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirNames()
    {
        Parameter w = Weights("w", 1f, 2f);
        var pruner = new Pruner([("w", w)]);
        Assert.Throws<ArgumentException>("fraction", () => pruner.PruneGlobal(1.5));
        Assert.Throws<ArgumentException>("parameters", () => new Pruner([("w", w), ("w", w)]));
        Assert.Throws<ArgumentException>("values", () => pruner.Masks[0].Load(Tensor.FromArray([0.5f, 1f], 2)));
        Assert.Throws<ArgumentException>("exclude", () => Pruner.ForWeights(new Linear(2, 2, new Rng(1)), "1.weight"));
    }
}
