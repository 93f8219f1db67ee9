using Dendrite.Data;
using Dendrite.Inference;
using Dendrite.Tensors;

namespace Dendrite.Bench.Snn;

/// <summary>
/// The input batch of a case: Bernoulli spikes [T, B, in] from per-input probabilities [B, in] (a constant rate, or
/// Fashion-MNIST pixel intensities when the dataset is present), and labels.
/// </summary>
public sealed record SnnWorkload(Tensor Probabilities, Tensor Spikes, int[] Labels, string Source)
{
    /// <summary>Draws the workload of <paramref name="scenario"/> from <paramref name="seed"/>.</summary>
    public static SnnWorkload Create(SnnCase scenario, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var rng = new Rng(seed);
        int batch = scenario.Batch;
        var probabilities = Tensor.Full((float)scenario.InputRate, batch, scenario.Inputs);
        var labels = new int[batch];
        for (int b = 0; b < batch; b++)
        {
            labels[b] = rng.NextInt(scenario.Outputs);
        }
        string source = $"Bernoulli inputs at rate {scenario.InputRate}";
        if (!scenario.Recurrent && TryFashionMnist(batch, probabilities, labels))
        {
            source = "Fashion-MNIST test images, Bernoulli with pixel intensity";
        }
        else if (!scenario.Recurrent)
        {
            source = $"Fashion-MNIST not found; uniform intensities with its mean {scenario.InputRate}";
        }
        var spikes = new Tensor(scenario.Steps, batch, scenario.Inputs);
        for (int t = 0; t < scenario.Steps; t++)
        {
            rng.FillBernoulli(spikes[t].Span, probabilities.Span);
        }
        return new SnnWorkload(probabilities, spikes, labels, source);
    }

    /// <summary>
    /// Sets every hidden bias to one value, found by bisection, so that the hidden layer fires at about
    /// <paramref name="target"/> of its neuron-steps on <paramref name="spikes"/>. Returns the rate reached.
    /// </summary>
    public static double CalibrateHiddenBias(SnnNetwork network, Tensor spikes, double target)
    {
        ArgumentNullException.ThrowIfNull(network);
        double low = -2, high = 2, rate = 0;
        for (int iteration = 0; iteration < 18; iteration++)
        {
            double bias = (low + high) / 2;
            network.Hidden.Bias!.Span.Fill((float)bias);
            rate = HiddenRate(network, spikes);
            if (rate < target)
            {
                low = bias;
            }
            else
            {
                high = bias;
            }
        }
        return rate;
    }

    /// <summary>The hidden layer's spikes per neuron-step on <paramref name="spikes"/>.</summary>
    public static double HiddenRate(SnnNetwork network, Tensor spikes)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(spikes);
        var engine = new EventInferenceEngine([network.Hidden]);
        engine.Run(spikes);
        return (double)engine.Spikes / ((long)spikes.Shape[0] * spikes.Shape[1] * network.Hidden.Neurons);
    }

    private static bool TryFashionMnist(int batch, Tensor probabilities, int[] labels)
    {
        ImageDataset images;
        try
        {
            images = ImageDataset.Load(ImageDatasetKind.FashionMnist, DatasetSplit.Test, new DatasetOptions(Download: false));
        }
        catch (DatasetNotFoundException)
        {
            return false;
        }
        int pixels = images.Height * images.Width;
        Span<float> p = probabilities.Span;
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < pixels; i++)
            {
                p[b * pixels + i] = images.Pixels[b * pixels + i] / 255f;
            }
            labels[b] = images.Labels[b];
        }
        return true;
    }
}
