using System.Diagnostics;
using System.Globalization;
using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Bench.Snn;

/// <summary>
/// <c>dendrite bench snn --profile</c>: where a training step's time goes, by phase (Stopwatch around each forward
/// piece, each tape node's backward, and the Adam step), median over the repeats.
/// </summary>
/// <remarks>
/// The step is the one <see cref="SnnNetwork.TrainStep"/> runs, taken apart: the layers' forward is spelled out as
/// <see cref="NeuronLayer{TModel}.ForwardSequence"/> does it (projection, then the fused recurrence) and the tape is
/// walked backward here exactly as <see cref="Tape.Backward"/> walks it, so each node can be timed.
/// </remarks>
public static class SnnProfile
{
    public static int Run(SnnBenchOptions options, TextWriter output, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        KernelThreads.Count = options.Threads;
        SnnCase scenario = SnnCase.For(options.Scenario)[0];
        var network = new SnnNetwork(scenario, SnnBenchOptions.Seed);
        SnnWorkload workload = SnnWorkload.Create(scenario, SnnBenchOptions.Seed + 1);
        if (scenario.HiddenTarget is double target)
        {
            SnnWorkload.CalibrateHiddenBias(network, workload.Spikes, target);
        }
        var phases = new Dictionary<string, List<double>>();
        var totals = new List<double>();
        for (int repeat = 0; repeat < SnnBenchOptions.WarmUpSteps + options.Repeats; repeat++)
        {
            var times = new Dictionary<string, double>();
            long start = Stopwatch.GetTimestamp();
            Step(network, workload, times);
            double total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (repeat < SnnBenchOptions.WarmUpSteps)
            {
                continue;
            }
            totals.Add(total);
            foreach ((string phase, double ms) in times)
            {
                (phases.TryGetValue(phase, out List<double>? list) ? list : phases[phase] = []).Add(ms);
            }
        }
        double step = Median([.. totals]);
        log.WriteLine($"profile of {scenario.Label} train, {options.Threads} threads, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        output.WriteLine($"{"phase",-52} {"ms (median)",12} {"share",7}");
        foreach ((string phase, List<double> values) in phases.OrderByDescending(p => Median([.. p.Value])))
        {
            double ms = Median([.. values]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{phase,-52} {ms,12:0.00} {ms / step,7:0.0%}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"whole step (median; phases' medians need not add up)",-52} {step,12:0.00}"));
        return 0;
    }

    private static void Step(SnnNetwork network, SnnWorkload workload, Dictionary<string, double> times)
    {
        network.Optimizer.ZeroGrad();
        using var tape = new Tape();
        Tensor hidden = Layer(network.Hidden, workload.Spikes, "hidden", times);
        Tensor output = network.Output switch
        {
            LiLayer li => Layer(li, hidden, "readout", times),
            LifLayer lif => Layer(lif, hidden, "output", times),
            _ => throw new InvalidOperationException("Unknown output layer."),
        };
        Tensor loss = Timed("readout scores + cross-entropy", times, () =>
            Losses.CrossEntropy(Readout.Scores(output, network.Case.Recurrent ? ReadoutKind.MaxMembrane : ReadoutKind.SpikeCount), workload.Labels));
        loss.GradOrZeros().Span.Fill(1f);
        using (Tape.NoGrad())
        {
            for (int i = tape.Nodes.Count - 1; i >= 0; i--)
            {
                TapeNode node = tape.Nodes[i];
                if (node.Outputs.Any(o => o.Grad is not null))
                {
                    Timed($"backward: {node.Name}", times, () =>
                    {
                        node.Backward();
                        return 0;
                    });
                }
            }
        }
        Timed("Adam step", times, () =>
        {
            network.Optimizer.Step();
            return 0;
        });
    }

    private static Tensor Layer<TModel>(NeuronLayer<TModel> layer, Tensor input, string name, Dictionary<string, double> times)
        where TModel : struct, INeuronModel
    {
        Tensor currents = Timed($"forward: {name} input projection", times, () => SpikeProjection.Linear(input, layer.Weight, layer.Bias, layer.EventDriven));
        return Timed($"forward: {name} {typeof(TModel).Name} sequence{(layer.RecurrentWeight is null ? "" : " + recurrence")}", times, () =>
            NeuronOps.Sequence(layer.CreateModel(), currents, layer.NeuronParameters, layer.RecurrentWeight, layer.RecurrentBias,
                truncation: layer.Truncation).Output);
    }

    private static T Timed<T>(string phase, Dictionary<string, double> times, Func<T> action)
    {
        long start = Stopwatch.GetTimestamp();
        T result = action();
        times[phase] = times.GetValueOrDefault(phase) + Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return result;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
