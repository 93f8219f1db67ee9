using Dendrite.Data;
using Dendrite.Learning.EProp;
using Dendrite.Neurons;
using Dendrite.Tensors;
using Dendrite.Training.Config;
using Dendrite.Training.Metrics;

namespace Dendrite.Training;

/// <summary>
/// The trainer's e-prop step (<c>training.method: eprop</c>): runs a batch step by step through a [LIF or ALIF, LI]
/// network, computes the cross-entropy of the readout and leaves e-prop's gradients in the parameters' gradients.
/// </summary>
/// <remarks>
/// <see cref="EPropUpdate.Sequence"/> trains the trainer's own loss, CE(score) with score = Σ_t w_t·y^t (mean or last
/// membrane); its error is known only at the end, so the window weights the filtered traces as they pass.
/// <see cref="EPropUpdate.Step"/> trains Σ_t w_t·CE(y^t) and calls the update after every weighted step but the last
/// (the trainer's own update applies that one). The <c>regularisers:</c> penalty is known only at the end of the
/// sequence, so its gradient joins the last update in both modes (<see cref="EPropSpikePenalty"/>).
/// </remarks>
public sealed class EPropTrainingStep
{
    private readonly IEPropLearner _learner;
    private readonly EPropUpdate _update;
    private readonly ReadoutKind _readout;
    private readonly int _skip;
    private readonly EPropSpikePenalty _penalty;

    /// <exception cref="ArgumentException">The network is not a LIF or ALIF layer followed by an LI layer (the config check reports this with its line first).</exception>
    public EPropTrainingStep(TrainConfig config, SpikingNetwork network)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layers.Count != 2 || network.Layers[1] is not LiLayer readout)
        {
            throw new ArgumentException($"e-prop trains a spiking layer and an LI readout; the network is {network}.", nameof(network));
        }
        EPropConfig eprop = config.Training.EProp ?? new EPropConfig();
        _learner = EPropLearner.Create(network.Layers[0], readout, eprop.Feedback, new Rng((ulong)config.Training.Seed).Fork("eprop-feedback"));
        _update = eprop.Update;
        _readout = config.Model.Readout;
        _skip = config.Model.ReadoutSkip;
        _penalty = new EPropSpikePenalty(new RegulariserLoss(config.Regularisers), network);
    }

    /// <summary>Bytes of e-prop state for the last batch size (independent of the number of steps).</summary>
    public long StateBytes => _learner.StateBytes;

    /// <summary>The regularisers' penalty on the last batch (0 without regularisers; not part of the returned loss).</summary>
    public float Penalty { get; private set; }

    /// <summary>Runs one batch; returns its mean loss and number of correct predictions.</summary>
    /// <param name="activity">Receives the hidden layer's spike counts (spiking layer 0).</param>
    /// <param name="update">Checks, clips and applies the parameters' gradients, then zeroes them (step mode only).</param>
    public (float Loss, int Correct) Train(Batch batch, ActivityAccumulator activity, Action update)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(update);
        Tensor inputs = batch.Inputs;
        int steps = inputs.Shape[0];
        int size = inputs.Shape[1];
        int width = inputs.Length / Math.Max(steps * size, 1);
        if (width != _learner.Inputs || _skip >= steps)
        {
            throw new ArgumentException($"e-prop expects inputs [T > {_skip}, B, {_learner.Inputs}]; got {inputs.Shape}.", nameof(batch));
        }
        int classes = _learner.Outputs;
        _learner.Reset(size);
        var counts = new double[size * _learner.Neurons];
        var scores = new double[size * classes];
        var delta = new double[size * classes];
        double loss = 0;
        ReadOnlySpan<float> x = inputs.Span;
        for (int t = 0; t < steps; t++)
        {
            _learner.Step(x.Slice(t * size * width, size * width));
            System.Numerics.Tensors.TensorPrimitives.Add(counts, _learner.Spikes, counts);
            double weight = _readout == ReadoutKind.LastMembrane ? (t == steps - 1 ? 1.0 : 0.0) : t >= _skip ? 1.0 / (steps - _skip) : 0.0;
            if (weight == 0)
            {
                continue;
            }
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_learner.Output, weight, scores, scores);
            if (_update == EPropUpdate.Sequence)
            {
                _learner.AccumulateWindow(weight);
                continue;
            }
            loss += weight * CrossEntropyGradient(_learner.Output, batch.Labels, classes, delta);
            System.Numerics.Tensors.TensorPrimitives.Multiply(delta, weight, delta);
            _learner.AccumulateSignal(delta);
            _learner.WriteGradients();
            if (t < steps - 1)
            {
                update();
            }
        }
        if (_update == EPropUpdate.Sequence)
        {
            loss = CrossEntropyGradient(scores, batch.Labels, classes, delta);
            _learner.AccumulateWindowSignal(delta);
        }
        Penalty = _penalty.Active ? _penalty.Apply(_learner, counts, steps, size) : 0f;
        _learner.WriteGradients();
        activity.AddSpikeCounts(0, NeuronCounts(counts, _learner.Neurons), steps);
        return ((float)loss, Correct(scores, batch.Labels, classes));
    }

    // Mean cross-entropy of logits [B, C]; writes its gradient (softmax − one-hot)/B into gradient.
    private static double CrossEntropyGradient(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, int classes, Span<double> gradient)
    {
        int batch = labels.Length;
        double loss = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<double> row = logits.Slice(b * classes, classes);
            Span<double> g = gradient.Slice(b * classes, classes);
            double max = System.Numerics.Tensors.TensorPrimitives.Max(row);
            double sum = 0;
            for (int c = 0; c < classes; c++)
            {
                g[c] = Math.Exp(row[c] - max);
                sum += g[c];
            }
            loss -= row[labels[b]] - max - Math.Log(sum);
            for (int c = 0; c < classes; c++)
            {
                g[c] = (g[c] / sum - (c == labels[b] ? 1.0 : 0.0)) / batch;
            }
        }
        return loss / batch;
    }

    // Per-sample counts [B, N] summed over the batch.
    private static long[] NeuronCounts(ReadOnlySpan<double> counts, int neurons)
    {
        var total = new long[neurons];
        for (int i = 0; i < counts.Length; i++)
        {
            total[i % neurons] += (long)counts[i];
        }
        return total;
    }

    // First maximum wins, as Readout.Correct.
    private static int Correct(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, int classes)
    {
        int correct = 0;
        for (int b = 0; b < labels.Length; b++)
        {
            ReadOnlySpan<double> row = scores.Slice(b * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                best = row[c] > row[best] ? c : best;
            }
            correct += best == labels[b] ? 1 : 0;
        }
        return correct;
    }
}
