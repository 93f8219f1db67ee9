using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dendrite.Autodiff;
using Dendrite.Data;
using Dendrite.Learning;
using Dendrite.Learning.DeepR;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Bench.DeepR;

/// <summary>
/// Trains the same Fashion-MNIST MLP (784–hidden–10, ReLU, SGD) twice: dense, and with DEEP R on both weight matrices
/// at a fixed overall connectivity (learning.md §2) using the O(K) sparse product, then prints both test accuracies and their gap.
/// </summary>
public static class DeepRBenchmark
{
    private const int Inputs = 784;
    private const int Classes = 10;

    /// <summary>Runs both trainings; returns 0, or 1 when Fashion-MNIST is not installed.</summary>
    public static int Run(DeepRBenchOptions options, TextWriter output, bool json)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ImageDataset train, test;
        try
        {
            var data = new DatasetOptions(Download: false);
            train = ImageDataset.Load(ImageDatasetKind.FashionMnist, DatasetSplit.Train, data);
            test = ImageDataset.Load(ImageDatasetKind.FashionMnist, DatasetSplit.Test, data);
        }
        catch (DatasetNotFoundException e)
        {
            output.WriteLine($"deepr: skipped. {e.Message}");
            return 1;
        }
        (double denseAccuracy, double denseSeconds, _) = options.SkipDense ? (double.NaN, 0, 1) : Train(options, train, test, sparse: false, output, json);
        (double sparseAccuracy, double sparseSeconds, double density) = Train(options, train, test, sparse: true, output, json);
        string gap = ((denseAccuracy - sparseAccuracy) * 100).ToString("F2", CultureInfo.InvariantCulture);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "deepr.fashion_mnist_mlp",
                options,
                dense_test_accuracy = denseAccuracy,
                deepr_test_accuracy = sparseAccuracy,
                deepr_density = density,
                gap_points = denseAccuracy - sparseAccuracy,
                dense_seconds = denseSeconds,
                deepr_seconds = sparseSeconds,
            }));
        }
        else
        {
            output.WriteLine(FormattableString.Invariant(
                $"deepr: 784-{options.Hidden}-10 ReLU MLP, {options.Epochs} epochs: dense {denseAccuracy:P2} ({denseSeconds:F0} s), DEEP R at {density:P2} connectivity {sparseAccuracy:P2} ({sparseSeconds:F0} s); gap {gap} points"));
        }
        return 0;
    }

    private static (double Accuracy, double Seconds, double Density) Train(DeepRBenchOptions options, ImageDataset train, ImageDataset test,
        bool sparse, TextWriter output, bool json)
    {
        var rng = new Rng(options.Seed);
        Module first, second;
        DeepRewiring[] rewired = [];
        if (sparse)
        {
            // K per matrix: the output matrix keeps OutputDensity, the first gets the rest of the overall budget.
            long total = (long)Inputs * options.Hidden + (long)options.Hidden * Classes;
            int outputActive = (int)Math.Round(options.OutputDensity * options.Hidden * Classes);
            int firstActive = (int)Math.Round(options.Density * total) - outputActive;
            var deepR = new DeepROptions(options.LearningRate, options.L1, options.Temperature);
            var sparseFirst = new DeepRLinear(Inputs, options.Hidden, firstActive, deepR, rng.Fork("first"));
            var sparseSecond = new DeepRLinear(options.Hidden, Classes, outputActive, deepR, rng.Fork("second"));
            (first, second) = (sparseFirst, sparseSecond);
            rewired = [sparseFirst.Connections, sparseSecond.Connections];
        }
        else
        {
            (first, second) = (new Linear(Inputs, options.Hidden, rng.Fork("first")), new Linear(options.Hidden, Classes, rng.Fork("second")));
        }
        var model = new Sequential(first, new Relu(), second);
        // DEEP R owns the rewired weights (DeepRLinear registers them as buffers); SGD updates the parameters: biases, or all when dense.
        var sgd = new Sgd(model.Parameters(), options.LearningRate);
        var clock = Stopwatch.StartNew();
        TimeSpan rewiring = TimeSpan.Zero;
        var order = new Rng(options.Seed).Fork("order");
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            float lr = options.LearningRate * MathF.Pow(0.8f, epoch);
            sgd.LearningRate = lr;
            foreach (DeepRewiring r in rewired)
            {
                r.Options = r.Options with { LearningRate = lr };
            }
            int[] permutation = order.Permutation(train.Count);
            for (int start = 0; start + options.BatchSize <= train.Count; start += options.BatchSize)
            {
                (Tensor x, int[] labels) = Batch(train, permutation.AsSpan(start, options.BatchSize));
                sgd.ZeroGrad();
                foreach (DeepRewiring r in rewired)
                {
                    r.ZeroGrad();
                }
                using (var tape = new Tape())
                {
                    tape.Backward(Losses.CrossEntropy(model.Forward(x), labels));
                }
                sgd.Step();
                long before = Stopwatch.GetTimestamp();
                foreach (DeepRewiring r in rewired)
                {
                    r.Step();
                }
                rewiring += Stopwatch.GetElapsedTime(before);
            }
            if (!json)
            {
                output.WriteLine(FormattableString.Invariant(
                    $"  {(sparse ? "DEEP R" : "dense ")} epoch {epoch + 1}: test {Accuracy(model, test):P2}, {clock.Elapsed.TotalSeconds:F0} s so far{(sparse ? $" ({rewiring.TotalSeconds:F1} s in DEEP R updates)" : "")}"));
            }
        }
        double density = sparse ? rewired.Sum(r => (double)r.ActiveCount) / rewired.Sum(r => (double)r.Weight.Length) : 1.0;
        return (Accuracy(model, test), clock.Elapsed.TotalSeconds, density);
    }

    private static (Tensor X, int[] Labels) Batch(ImageDataset data, ReadOnlySpan<int> indices)
    {
        var x = new Tensor(indices.Length, Inputs);
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            data.CopyImage(indices[i], x.Span.Slice(i * Inputs, Inputs));
            labels[i] = data.LabelAt(indices[i]);
        }
        return (x, labels);
    }

    private static double Accuracy(Module model, ImageDataset test)
    {
        int correct = 0;
        int[] all = Enumerable.Range(0, test.Count).ToArray();
        using (Tape.NoGrad())
        {
            for (int start = 0; start < test.Count; start += 1000)
            {
                (Tensor x, int[] labels) = Batch(test, all.AsSpan(start, Math.Min(1000, test.Count - start)));
                Tensor logits = model.Forward(x);
                for (int i = 0; i < labels.Length; i++)
                {
                    int best = 0;
                    for (int c = 1; c < Classes; c++)
                    {
                        best = logits[i, c] > logits[i, best] ? c : best;
                    }
                    correct += best == labels[i] ? 1 : 0;
                }
            }
        }
        return (double)correct / test.Count;
    }
}
