using System.Diagnostics;
using Dendrite.Autodiff;
using Dendrite.Data;
using Dendrite.Interop;
using Dendrite.Learning;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training.Config;
using Dendrite.Training.Metrics;

namespace Dendrite.Training;

/// <summary>
/// Trains a <see cref="SpikingNetwork"/> on a <see cref="TrainingTask"/> with surrogate-gradient BPTT, evaluating
/// after every epoch and checkpointing into the run folder (model, optimizer, epoch), so a run resumes where it left off.
/// </summary>
public sealed class Trainer
{
    private const string ModelFile = RunState.ModelFile;
    private const string OptimizerFile = RunState.OptimizerFile;

    private readonly TrainConfig _config;
    private readonly TrainingTask _task;
    private readonly SpikingNetwork _network;
    private readonly Optimizer _optimizer;
    private readonly string _runDirectory;
    private readonly TextWriter _log;
    private readonly ITrainingProgress _progress;
    private readonly EPropTrainingStep? _eprop;
    private readonly RegulariserLoss _regularisers;
    private double _regulariserSum;

    /// <param name="progress">Receives per-batch and per-epoch progress; default plain lines on <paramref name="log"/>.</param>
    public Trainer(TrainConfig config, TrainingTask task, string runDirectory, TextWriter log, ITrainingProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(task);
        _config = config;
        _task = task;
        _runDirectory = runDirectory;
        _log = log;
        _progress = progress ?? new TextTrainingProgress(log);
        if (config.Training.Threads > 0)
        {
            Kernels.KernelThreads.Count = config.Training.Threads;
        }
        _network = NetworkBuilder.Build(config.Model, NetworkBuilder.InputShape(config, task), new Rng((ulong)config.Training.Seed).Fork("model"), config.Training.Truncation ?? 0);
        _optimizer = CreateOptimizer(config.Optimizer, _network.Parameters());
        _eprop = config.Training.Method == TrainingMethod.Eprop ? new EPropTrainingStep(config, _network) : null;
        _regularisers = new RegulariserLoss(config.Regularisers);
    }

    public SpikingNetwork Network => _network;

    /// <summary>Runs the remaining epochs; returns the last test accuracy.</summary>
    public double Run(CancellationToken cancellation = default)
    {
        Directory.CreateDirectory(_runDirectory);
        int firstEpoch = Resume();
        using MetricsLog metrics = MetricsLog.Open(_runDirectory, firstEpoch - 1);
        double accuracy = double.NaN;
        for (int epoch = firstEpoch; epoch <= _config.Training.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            (double loss, double trainAccuracy, ActivityReport trainActivity) = TrainEpoch(epoch, cancellation);
            double seconds = clock.Elapsed.TotalSeconds;
            (double testLoss, double testAccuracy, ActivityReport testActivity) = Evaluate();
            accuracy = testAccuracy;
            var record = new MetricsRecord
            {
                Phase = "epoch",
                Epoch = epoch,
                Loss = loss,
                Accuracy = trainAccuracy,
                TestLoss = testLoss,
                TestAccuracy = testAccuracy,
                FiringRate = trainActivity.FiringRate,
                LearningRate = _optimizer.LearningRate,
                Seconds = seconds,
                SamplesPerSecond = _task.TrainSamples / seconds,
                Activity = testActivity,
                Extra = _regularisers.Active ? new Dictionary<string, double> { ["regulariser_loss"] = _regulariserSum / _task.TrainSamples } : null,
            };
            metrics.Append(record);
            SaveCheckpoint(epoch);
            _progress.OnEpoch(record, _config.Training.Epochs);
        }
        metrics.Dispose();
        WriteReport();
        return accuracy;
    }

    private (double Loss, double Accuracy, ActivityReport Activity) TrainEpoch(int epoch, CancellationToken cancellation)
    {
        _network.Train();
        ActivityAccumulator activity = NewAccumulator();
        double totalLoss = 0;
        long correct = 0;
        long samples = 0;
        int batchIndex = 0;
        _regulariserSum = 0;
        var clock = Stopwatch.StartNew();
        foreach (Batch batch in _task.TrainEpoch(epoch))
        {
            cancellation.ThrowIfCancellationRequested();
            ApplySchedule(epoch, batchIndex);
            _optimizer.ZeroGrad();
            float loss;
            if (_eprop is not null)
            {
                (loss, int right) = _eprop.Train(batch, activity, () => { CheckGradients(epoch, batchIndex); Clip(); _optimizer.Step(); _optimizer.ZeroGrad(); });
                _regulariserSum += _eprop.Penalty * batch.Labels.Length;
                correct += right;
            }
            else using (var tape = new Tape())
            {
                // The regularisers see exactly the spikes the activity report counts.
                var layerSpikes = new List<Tensor>();
                Tensor output = _network.Run(batch.Inputs, (layer, spikes) => { Observe(activity, layer, spikes); layerSpikes.Add(spikes); });
                Tensor scores = Readout.Scores(output, _config.Model.Readout, _config.Model.ReadoutSkip);
                Tensor lossTensor = Losses.CrossEntropy(scores, batch.Labels);
                loss = lossTensor.ToScalar();
                if (_regularisers.Compute(layerSpikes, _network.NamedParameters()) is { } penalty)
                {
                    _regulariserSum += penalty.ToScalar() * batch.Labels.Length;
                    lossTensor = Ops.Add(lossTensor, penalty);
                }
                if (!float.IsFinite(loss) || !double.IsFinite(_regulariserSum))
                {
                    throw new TrainingDivergedException($"The loss is {loss} (regularisers {_regulariserSum}) at epoch {epoch}, batch {batchIndex}; the last good checkpoint is kept in {_runDirectory}.");
                }
                tape.Backward(lossTensor);
                correct += Readout.Correct(scores, batch.Labels);
            }
            CheckGradients(epoch, batchIndex);
            Clip();
            _optimizer.Step();
            activity.AddSamples(batch.Labels.Length);
            totalLoss += loss * batch.Labels.Length;
            samples += batch.Labels.Length;
            batchIndex++;
            double rate = samples / clock.Elapsed.TotalSeconds;
            _progress.OnBatch(new BatchProgress(epoch, _config.Training.Epochs, batchIndex, _task.TrainBatches, totalLoss / samples,
                (double)correct / samples, activity.ToReport().FiringRate, rate,
                TimeSpan.FromSeconds(Math.Min((_task.TrainSamples - samples) / Math.Max(rate, 1e-9), TimeSpan.MaxValue.TotalSeconds / 2))));
        }
        return (totalLoss / samples, (double)correct / samples, activity.ToReport());
    }

    /// <summary>Test loss, accuracy and activity, without gradients and in evaluation mode.</summary>
    public (double Loss, double Accuracy, ActivityReport Activity) Evaluate()
    {
        _network.Eval();
        ActivityAccumulator activity = NewAccumulator();
        double totalLoss = 0;
        long correct = 0;
        long samples = 0;
        using (Tape.NoGrad())
        {
            foreach (Batch batch in _task.Test())
            {
                Tensor output = _network.Run(batch.Inputs, (layer, spikes) => Observe(activity, layer, spikes));
                Tensor scores = Readout.Scores(output, _config.Model.Readout, _config.Model.ReadoutSkip);
                totalLoss += Losses.CrossEntropy(scores, batch.Labels).ToScalar() * batch.Labels.Length;
                correct += Readout.Correct(scores, batch.Labels);
                samples += batch.Labels.Length;
                activity.AddSamples(batch.Labels.Length);
            }
        }
        _network.Train();
        return (totalLoss / samples, (double)correct / samples, activity.ToReport());
    }

    /// <summary>
    /// Rebuilds the network of the run in <paramref name="runDirectory"/> from its config and overrides (state.json)
    /// and loads its last checkpoint's weights, ready for <see cref="Evaluate"/> or <see cref="WriteReport"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder holds no checkpoint; the message names the missing file.</exception>
    public static (Trainer Trainer, RunState State, TrainConfig Config) OpenRun(string runDirectory, TextWriter log)
    {
        RunState state = RunState.Read(runDirectory);
        TrainConfig config = ConfigLoader.Load(state.Config, state.Overrides);
        var trainer = new Trainer(config, TrainingTask.Open(config), runDirectory, log);
        Checkpoint.LoadModel(RunCheckpoint.ModelPath(runDirectory, state), trainer._network);
        return (trainer, state, config);
    }

    /// <summary>
    /// Writes the run folder's figures and report.html from metrics.jsonl and the first test sample run through the
    /// network (see <see cref="Reporting.RunFigures"/>).
    /// </summary>
    public IReadOnlyList<string> WriteReport() =>
        Reporting.RunFigures.Write(_runDirectory, _network, _task, _config.Name ?? Path.GetFileNameWithoutExtension(_config.SourcePath));

    private ActivityAccumulator NewAccumulator() =>
        new(_network.Info.Where(i => i.Spiking).Select((info, i) => ($"{i}:{info.Name}", info.Width, info.FanOut)).ToArray());

    private void Observe(ActivityAccumulator activity, int layer, Tensor spikes)
    {
        int spikingIndex = _network.Info.Take(layer).Count(i => i.Spiking);
        activity.AddSpikes(spikingIndex, spikes.Span, spikes.Shape[0], spikes.Shape[1]);
    }

    private void CheckGradients(int epoch, int batch)
    {
        foreach ((string name, Parameter parameter) in _network.NamedParameters())
        {
            if (parameter.Grad is { } grad && !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<float>(grad.Span))
            {
                throw new TrainingDivergedException(
                    $"The gradient of '{name}' holds NaN or Inf at epoch {epoch}, batch {batch}; the last good checkpoint is kept in {_runDirectory}.");
            }
        }
    }

    private void Clip()
    {
        if (_config.Optimizer.ClipNorm is double norm)
        {
            GradientClipping.ClipNorm(_optimizer.Parameters, (float)norm);
        }
        if (_config.Optimizer.ClipValue is double value)
        {
            GradientClipping.ClipValue(_optimizer.Parameters, (float)value);
        }
    }

    private void ApplySchedule(int epoch, int batch)
    {
        ScheduleConfig schedule = _config.Schedule;
        float lr = (float)_config.Optimizer.LearningRate;
        long step = (long)(epoch - 1) * _task.TrainBatches + batch;
        long total = (long)_config.Training.Epochs * _task.TrainBatches;
        _optimizer.LearningRate = schedule.Name switch
        {
            ScheduleKind.Step => new StepSchedule(lr, schedule.StepSize, (float)schedule.Gamma).At(epoch - 1),
            ScheduleKind.Cosine => new CosineSchedule(lr, total, (float)schedule.MinLearningRate).At(step),
            ScheduleKind.OneCycle => new OneCycleSchedule((float)(schedule.MaxLearningRate ?? lr), total, (float)schedule.WarmupFraction).At(step),
            ScheduleKind.Linear => lr * (float)(1 - (1 - schedule.EndFactor) * step / Math.Max(total, 1)),
            _ => lr,
        };
    }

    private void SaveCheckpoint(int epoch)
    {
        var metadata = new Dictionary<string, string> { ["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        DropoutStreams.Save(_network, metadata);
        RunCheckpoint.Save(_runDirectory, new RunState(epoch, Path.GetFullPath(_config.SourcePath), _config.Overrides),
            path => Checkpoint.SaveModel(path, _network, metadata),
            path => Checkpoint.SaveOptimizer(path, _optimizer, _network));
    }

    // The first epoch to run: 1, or the one after the checkpointed epoch.
    private int Resume()
    {
        if (RunCheckpoint.Recover(_runDirectory) is not { } state)
        {
            return 1;
        }
        string modelPath = Path.Combine(_runDirectory, ModelFile);
        DropoutStreams.Restore(_network, Checkpoint.LoadModel(modelPath, _network), modelPath);
        Checkpoint.LoadOptimizer(Path.Combine(_runDirectory, OptimizerFile), _optimizer, _network);
        _log.WriteLine($"resuming {_runDirectory} after epoch {state.Epoch}");
        return state.Epoch + 1;
    }

    private static Optimizer CreateOptimizer(OptimizerConfig config, IEnumerable<Parameter> parameters)
    {
        float lr = (float)config.LearningRate;
        return config.Name switch
        {
            OptimizerKind.Sgd => new Sgd(parameters, lr, (float)config.Momentum, nesterov: config.Nesterov, weightDecay: (float)config.WeightDecay),
            OptimizerKind.Adamw => new AdamW(parameters, lr, (float)config.Beta1, (float)config.Beta2, (float)config.Epsilon, (float)config.WeightDecay),
            _ => new Adam(parameters, lr, (float)config.Beta1, (float)config.Beta2, (float)config.Epsilon, (float)config.WeightDecay),
        };
    }

}

/// <summary>Training stopped because the loss or a gradient stopped being finite; the message names where.</summary>
public sealed class TrainingDivergedException(string message) : Exception(message);
