using Dendrite.Data;
using Dendrite.Tensors;
using Dendrite.Tests.Data;
using Dendrite.Tests.Interop.Hdf5;
using Dendrite.Training;
using Dendrite.Training.Config;
using Xunit;

namespace Dendrite.Tests.Training;

/// <summary>
/// Every shipped config's dataset opens as a training task from tiny files in the real layout, gives the batches the
/// framing promises (hand-derived values), and trains one short epoch end to end; missing files name where they were looked for.
/// </summary>
public sealed class DatasetTaskTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TrainConfig Config(string yaml) => ConfigLoader.Parse(yaml, "task.yaml", _dir.Path);

    // Trains one epoch into a run folder and checks it left one epoch's metrics and a report with a membrane figure.
    private void TrainOneEpoch(TrainConfig config, TrainingTask task)
    {
        string run = Path.Combine(_dir.Path, "run");
        double accuracy = new Trainer(config, task, run, TextWriter.Null).Run();
        Assert.InRange(accuracy, 0.0, 1.0);
        Assert.Single(File.ReadAllLines(Path.Combine(run, "metrics.jsonl")));
        Assert.True(File.Exists(Path.Combine(run, "membrane.svg")));
    }

    [Fact]
    public void FashionMnistDirectInputRepeatsTheImageAtEveryStepAndTrainsAConvNetwork()
    {
        TaskFiles.WriteFashionMnist(_dir.Path, 4);
        TrainConfig config = Config("""
            model:
              input: [1, 28, 28]
              readout: mean_membrane
              layers:
                - {type: conv2d, channels: 2, kernel: 5, stride: 3}
                - {type: lif}
                - {type: pool, kind: avg, kernel: 2}
                - {type: flatten}
                - {type: linear, size: 10}
                - {type: li}
            data: {dataset: fashion-mnist, path: ., encoder: none, steps: 3}
            training: {epochs: 1, batch_size: 2}
            """);
        TrainingTask task = TrainingTask.Open(config);
        Assert.Equal([1, 28, 28], task.InputShape);
        Batch batch = task.Test().First();
        Assert.Equal([3, 2, 784], batch.Inputs.Shape.ToArray());
        for (int t = 0; t < 3; t++)
        {
            Assert.Equal(TaskFiles.Pixel(1, 300) / 255f, batch.Inputs.Span[(t * 2 + 1) * 784 + 300]);
        }
        TrainOneEpoch(config, task);
    }

    [Fact]
    public void FlipAugmentsTrainingImagesOnlyAndReplaysTheSameDrawsForTheSameEpoch()
    {
        TaskFiles.WriteFashionMnist(_dir.Path, 64);
        TrainConfig config = Config("""
            model:
              input: [1, 28, 28]
              layers: [{type: flatten}, {type: linear, size: 10}, {type: li}]
            data: {dataset: fashion-mnist, path: ., encoder: none, steps: 1, augmentation: {horizontal_flip: true}}
            training: {epochs: 1, batch_size: 64}
            """);
        TrainingTask task = TrainingTask.Open(config);
        float Original(int image, int y, int x) => TaskFiles.Pixel(image, y * 28 + x) / 255f;
        Batch train = task.TrainEpoch(0).First();
        int mirrored = 0;
        for (int b = 0; b < 64; b++)
        {
            int image = train.Indices[b];
            ReadOnlySpan<float> pixels = train.Inputs.Span.Slice(b * 784, 784);
            bool isMirror = pixels[0] == Original(image, 0, 27) && pixels[27] == Original(image, 0, 0);
            for (int p = 0; p < 784; p++)
            {
                int y = p / 28, x = p % 28;
                Assert.Equal(Original(image, y, isMirror ? 27 - x : x), pixels[p]);
            }
            mirrored += isMirror ? 1 : 0;
        }
        Assert.InRange(mirrored, 8, 56); // Binomial(64, 1/2) beyond 6 sigma otherwise
        Assert.Equal(train.Inputs.Span.ToArray(), task.TrainEpoch(0).First().Inputs.Span.ToArray());
        Batch test = task.Test().First();
        for (int p = 0; p < 784; p++)
        {
            Assert.Equal(Original(0, p / 28, p % 28), test.Inputs.Span[p]);
        }
    }

    [Fact]
    public void SequentialFashionMnistFeedsOnePixelPerStep()
    {
        TaskFiles.WriteFashionMnist(_dir.Path, 2);
        TrainConfig config = Config("""
            model:
              readout: last_membrane
              layers:
                - {type: lif, size: 4, recurrent: true}
                - {type: li, size: 10}
            data: {dataset: sequential-fashion-mnist, path: .}
            training: {epochs: 1, batch_size: 2}
            """);
        TrainingTask task = TrainingTask.Open(config);
        Batch batch = task.Test().First();
        Assert.Equal([784, 2, 1], batch.Inputs.Shape.ToArray());
        Assert.Equal(TaskFiles.Pixel(1, 29) / 255f, batch.Inputs.Span[29 * 2 + 1]);
        TrainOneEpoch(config, task);
    }

    [Fact]
    public void NmnistIsFramedIntoDtWindowsFromTimeZero()
    {
        TaskFiles.WriteNmnist(_dir.Path, 2);
        TrainConfig config = Config("""
            model:
              input: [2, 34, 34]
              layers:
                - {type: pool, kind: max, kernel: 2}
                - {type: conv2d, channels: 2, kernel: 3, stride: 2}
                - {type: lif}
                - {type: flatten}
                - {type: linear, size: 10}
                - {type: lif}
            data: {dataset: nmnist, path: ., dt: 0.001, duration: 0.003}
            training: {epochs: 1, batch_size: 2}
            """);
        TrainingTask task = TrainingTask.Open(config);
        Batch batch = task.Test().First();
        Assert.Equal([3, 2, 2, 34, 34], batch.Inputs.Shape.ToArray());
        // The on event at 1.5 ms lands in bin 1 at (p 1, y 6, x 5); the off event at 2.2 ms in bin 2 at (0, 2, 1).
        Tensor first = batch.Inputs[1][0];
        Assert.Equal(1f, first.Span[(1 * 34 + 6) * 34 + 5]);
        Assert.Equal(1f, batch.Inputs[2][0].Span[(0 * 34 + 2) * 34 + 1]);
        Assert.Equal(2f, batch.Inputs.Span.ToArray().Sum() / 2);
        TrainOneEpoch(config, task);
    }

    [Fact]
    public void DvsGestureSplitsEachGestureIntoEqualTimeBins()
    {
        TaskFiles.WriteDvsGesture(_dir.Path);
        TrainConfig config = Config("""
            model:
              layers:
                - {type: pool, kind: avg, kernel: 8}
                - {type: flatten}
                - {type: dropout, p: 0.5}
                - {type: linear, size: 11}
                - {type: plif}
            data: {dataset: dvs-gesture, path: ., steps: 2, augmentation: {event_drop: 0.5}}
            training: {epochs: 1, batch_size: 2}
            """);
        TrainingTask task = TrainingTask.Open(config);
        Assert.Equal([2, 128, 128], task.InputShape);
        Batch batch = task.Test().First();
        Assert.Equal([2, 2, 2, 128, 128], batch.Inputs.Shape.ToArray());
        Assert.Equal([2, 10], batch.Labels.ToArray());
        // Gesture 1 (100 ≤ t < 200) holds the events at 100 µs and 150 µs. The test set is never augmented.
        // tonic's n_time_bins spans [t_first, t_last) in equal bins, so the event at t_last (150 µs) falls outside.
        Assert.Equal(1f, batch.Inputs[0][0].Span[(1 * 128 + 20) * 128 + 10]);
        Assert.Equal(0f, batch.Inputs[1][0].Span[(0 * 128 + 21) * 128 + 11]);
        Assert.Equal(1f, batch.Inputs[0][0].Span.ToArray().Sum() + batch.Inputs[1][0].Span.ToArray().Sum());
        TrainOneEpoch(config, task);
    }

    [Hdf5Fact]
    public void ShdIsBinnedFromTimeZeroOverTheDuration()
    {
        foreach (string split in new[] { "train", "test" })
        {
            SpikingAudioDatasetTests.WriteShd(_dir.File($"shd_{split}.h5"), SpikingAudioDatasetTests.Times, SpikingAudioDatasetTests.Units,
                SpikingAudioDatasetTests.LabelValues, SpikingAudioDatasetTests.Keys);
        }
        TrainConfig config = Config("""
            model:
              readout: max_membrane
              layers:
                - {type: lif, size: 4}
                - {type: li, size: 20}
            data: {dataset: shd, path: ., steps: 4, duration: 1.0}
            training: {epochs: 1, batch_size: 2}
            """);
        TrainingTask task = TrainingTask.Open(config);
        Batch batch = task.Test().First();
        Assert.Equal([4, 2, 700], batch.Inputs.Shape.ToArray());
        // Sample 0: times 0, 0.25, 0.5, 0.5, 0.999 s at units 3, 3, 0, 0, 699 → 250 ms bins 0, 1, 2 (twice), 3.
        Assert.Equal(1f, batch.Inputs[0][0].Span[3]);
        Assert.Equal(1f, batch.Inputs[1][0].Span[3]);
        Assert.Equal(2f, batch.Inputs[2][0].Span[0]);
        Assert.Equal(1f, batch.Inputs[3][0].Span[699]);
        TrainOneEpoch(config, task);
    }

    [Theory]
    [InlineData("nmnist", "N-MNIST")]
    [InlineData("dvs-gesture", "DVS128 Gesture")]
    [InlineData("shd", "SHD")]
    public void MissingFilesNameTheFoldersSearched(string dataset, string name)
    {
        string empty = Directory.CreateDirectory(_dir.File("empty")).FullName;
        TrainConfig config = Config($$"""
            model:
              layers:
                - {type: lif, size: 4}
            data: {dataset: {{dataset}}, path: empty, steps: 4}
            """);
        var error = Assert.Throws<DatasetNotFoundException>(() => TrainingTask.Open(config));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(empty, error.Message, StringComparison.Ordinal);
    }
}
