using Dendrite.Data;
using Dendrite.Events;
using Dendrite.Events.Transforms;
using Dendrite.Tensors;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class DataLoaderTests
{
    /// <summary>Sample i is a sequence of (i % 7) + 1 steps of one feature holding i; its label is i % 3.</summary>
    private sealed class Sequences(int count, int delayMs = 0) : IDataset<Labeled<Tensor>>
    {
        public int Count => count;

        public Labeled<Tensor> Get(int index)
        {
            if (delayMs > 0)
            {
                Thread.Sleep(delayMs);
            }
            return new Labeled<Tensor>(Tensor.Full(index, index % 7 + 1, 1), index % 3);
        }
    }

    /// <summary>Pads, then adds one random draw per sample so the batch's random stream shows up in the data.</summary>
    private static Batch PadAndNoise(IReadOnlyList<Labeled<Tensor>> samples, Rng rng)
    {
        Batch batch = Collate.TimeMajor(samples);
        var noise = new float[batch.Inputs.Length];
        rng.FillUniform(noise, 0f, 1f);
        for (int i = 0; i < noise.Length; i++)
        {
            batch.Inputs.Span[i] += noise[i];
        }
        return batch;
    }

    [Fact]
    public void SameSeedGivesSameBatchesInSameOrderForAnyThreadCount()
    {
        var dataset = new Sequences(203);
        List<Batch>? reference = null;
        foreach (int threads in new[] { 0, 1, 2, 4 })
        {
            var loader = new DataLoader<Labeled<Tensor>>(dataset, PadAndNoise,
                new DataLoaderOptions { BatchSize = 16, Seed = 42, PrefetchThreads = threads, PrefetchDepth = 3 });
            List<Batch> batches = loader.Epoch(5).ToList();
            if (reference is null)
            {
                reference = batches;
                continue;
            }
            Assert.Equal(reference.Count, batches.Count);
            for (int k = 0; k < batches.Count; k++)
            {
                Assert.Equal(reference[k].Indices, batches[k].Indices);
                Assert.Equal(reference[k].Labels, batches[k].Labels);
                Assert.Equal(reference[k].Lengths, batches[k].Lengths);
                Assert.Equal(reference[k].Inputs.Shape, batches[k].Inputs.Shape);
                Assert.Equal(reference[k].Inputs.ToArray(), batches[k].Inputs.ToArray());
            }
        }
    }

    [Fact]
    public void EverySampleExactlyOncePerEpoch()
    {
        foreach (int count in new[] { 0, 1, 5, 16, 17, 100 })
        {
            foreach (int batchSize in new[] { 1, 3, 16 })
            {
                foreach (bool dropLast in new[] { false, true })
                {
                    foreach (bool bucket in new[] { false, true })
                    {
                        var loader = new DataLoader<Labeled<Tensor>>(new Sequences(count), (s, _) => Collate.TimeMajor(s),
                            new DataLoaderOptions { BatchSize = batchSize, DropLast = dropLast, Seed = 3, PrefetchThreads = 2, SampleLength = bucket ? i => i % 7 + 1 : null, BucketWindow = 2 });
                        int[] seen = loader.Epoch(0).SelectMany(b => b.Indices).ToArray();
                        int expected = dropLast ? count / batchSize * batchSize : count;
                        Assert.Equal(expected, seen.Length);
                        Assert.Equal(expected, seen.Distinct().Count());
                        Assert.Equal(loader.BatchCount, loader.Plan(0).Length);
                    }
                }
            }
        }
    }

    [Fact]
    public void EpochsShuffleDifferentlyAndShuffleOffKeepsOrder()
    {
        var dataset = new Sequences(50);
        var loader = new DataLoader<Labeled<Tensor>>(dataset, (s, _) => Collate.TimeMajor(s), new DataLoaderOptions { BatchSize = 50, Seed = 1 });
        Assert.NotEqual(loader.Plan(0)[0], loader.Plan(1)[0]);
        Assert.Equal(loader.Plan(1)[0], loader.Plan(1)[0]);
        var ordered = new DataLoader<Labeled<Tensor>>(dataset, (s, _) => Collate.TimeMajor(s), new DataLoaderOptions { BatchSize = 50, Shuffle = false });
        Assert.Equal(Enumerable.Range(0, 50), ordered.Plan(7)[0]);
    }

    [Fact]
    public void BucketingKeepsLengthsWithinABatchClose()
    {
        // Lengths 1..7 repeat; with a window of 4 batches of 8 the sorted window puts at most two distinct lengths in most batches.
        var options = new DataLoaderOptions { BatchSize = 8, Seed = 9, SampleLength = i => i % 7 + 1, BucketWindow = 4 };
        var loader = new DataLoader<Labeled<Tensor>>(new Sequences(224), (s, _) => Collate.TimeMajor(s), options);
        double bucketed = loader.Epoch(0).Average(b => b.Lengths!.Max() - b.Lengths!.Min());
        var plain = new DataLoader<Labeled<Tensor>>(new Sequences(224), (s, _) => Collate.TimeMajor(s), options with { SampleLength = null });
        double unbucketed = plain.Epoch(0).Average(b => b.Lengths!.Max() - b.Lengths!.Min());
        Assert.True(bucketed < unbucketed / 3, $"spread {bucketed} bucketed vs {unbucketed}");
    }

    [Fact]
    public void PrefetchStaysWithinItsDepth()
    {
        int made = 0, worstAhead = 0;
        var loader = new DataLoader<Labeled<Tensor>>(new Sequences(60), (s, _) =>
        {
            Interlocked.Increment(ref made);
            return Collate.TimeMajor(s);
        }, new DataLoaderOptions { BatchSize = 2, PrefetchThreads = 4, PrefetchDepth = 3 });
        int consumed = 0;
        foreach (Batch _ in loader.Epoch(0))
        {
            consumed++;
            Thread.Sleep(2); // a slow training step: the workers must wait, not run ahead
            worstAhead = Math.Max(worstAhead, Volatile.Read(ref made) - consumed);
        }
        Assert.Equal(30, consumed);
        Assert.InRange(worstAhead, 1, 3);
    }

    [Fact]
    public void FailuresSurfaceAtTheirBatchAndStoppingEarlyJoinsWorkers()
    {
        var loader = new DataLoader<Labeled<Tensor>>(new Sequences(40, delayMs: 1), (s, rng) =>
            s.Any(x => x.Value[0, 0] == 13f) ? throw new InvalidOperationException("sample 13 is bad") : Collate.TimeMajor(s),
            new DataLoaderOptions { BatchSize = 4, Shuffle = false, PrefetchThreads = 3 });
        int reached = 0;
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (Batch _ in loader.Epoch(0))
            {
                reached++;
            }
        });
        Assert.Equal("sample 13 is bad", error.Message);
        Assert.Equal(3, reached); // batches 0..2 hold samples 0..11; batch 3 holds 13

        Batch first = loader.Epoch(0).First(); // breaking out must not hang
        Assert.Equal([0, 1, 2, 3], first.Indices);
    }

    [Fact]
    public void TimeMajorCollatePadsAndRecordsLengths()
    {
        Batch batch = Collate.TimeMajor([new(Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2), 0), new(Tensor.FromArray([5f, 6f], 1, 2), 1)]);
        Assert.Equal(new TensorShape(2, 2, 2), batch.Inputs.Shape);
        // t=0: sample 0 (1,2), sample 1 (5,6); t=1: sample 0 (3,4), sample 1 padded with zeros.
        Assert.Equal([1f, 2f, 5f, 6f, 3f, 4f, 0f, 0f], batch.Inputs.ToArray());
        Assert.Equal([2, 1], batch.Lengths!);
        Assert.Throws<ArgumentException>(() => Collate.TimeMajor([new(Tensor.FromArray([1f, 2f], 2, 1), 0)], steps: 1));
    }

    [Fact]
    public void VariableLengthEventStreamsBatchPaddedThroughTheLoader()
    {
        // Stream i has n = i + 1 events, 100 µs apart. In 100 µs windows it has max(1, n − 1) frames: tonic drops the
        // last event when the duration is a multiple of the window.
        IDataset<Labeled<EventStream>> streams = new Sequences(6).Select(s =>
        {
            int n = (int)s.Value[0, 0] + 1;
            var events = new EventStream(new int[n], new int[n], Enumerable.Range(0, n).Select(i => i % 2).ToArray(),
                Enumerable.Range(0, n).Select(i => 100L * i).ToArray(), new SensorSize(2, 1, 2));
            return new Labeled<EventStream>(events, s.Label);
        });
        var loader = new DataLoader<Labeled<EventStream>>(streams, (s, _) => Collate.Frames(s, ToFrame.ByTimeWindow(100)),
            new DataLoaderOptions { BatchSize = 3, Shuffle = false, PrefetchThreads = 2 });
        Batch[] batches = loader.Epoch(0).ToArray();
        Assert.Equal([1, 1, 2], batches[0].Lengths!);
        Assert.Equal([3, 4, 5], batches[1].Lengths!);
        Assert.Equal(new TensorShape(5, 3, 2, 1, 2), batches[1].Inputs.Shape); // (T, B, P, H, W)
        Assert.Equal(0f, batches[1].Inputs[4, 0, 0, 0, 0] + batches[1].Inputs[4, 0, 1, 0, 0]); // padding
        Assert.Equal(1f, batches[1].Inputs[4, 2, 0, 0, 0]); // stream 5's fifth event (t = 400, p = 0)
    }
}
