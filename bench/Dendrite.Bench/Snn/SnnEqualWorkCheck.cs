using Dendrite.Tensors;

namespace Dendrite.Bench.Snn;

/// <summary>
/// <c>dendrite bench snn --check-pytorch</c>: both implementations get the same weights, input spikes and labels (an .npz);
/// bench/pytorch/check_equal.py recomputes loss and gradients with PyTorch and compares them with Dendrite's.
/// </summary>
/// <remarks>
/// Small batches keep the chance of a membrane within float rounding of the threshold (where float32 PyTorch and Dendrite's
/// double-precision neuron step could disagree on a spike) negligible; the script reports spike mismatches if one happens.
/// </remarks>
public static class SnnEqualWorkCheck
{
    public static int Run(SnnBenchOptions options, TextWriter output, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(log);
        PytorchReference? torch = PytorchReference.Find(log);
        if (torch is null)
        {
            output.WriteLine($"check-pytorch: skipped, PyTorch is not available; {PytorchReference.InstallHint}.");
            return 0;
        }
        string folder = Directory.CreateTempSubdirectory("dendrite-check-pytorch-").FullName;
        try
        {
            int failures = 0;
            SnnCase[] cases = [SnnCase.For("A")[0] with { Batch = 4 }, SnnCase.For("B")[0] with { Batch = 8 }];
            foreach (SnnCase scenario in cases)
            {
                var network = new SnnNetwork(scenario, SnnBenchOptions.Seed);
                SnnWorkload workload = SnnWorkload.Create(scenario, SnnBenchOptions.Seed + 1);
                if (scenario.HiddenTarget is double target)
                {
                    SnnWorkload.CalibrateHiddenBias(network, workload.Spikes, target);
                }
                var tensors = network.Weights().Select(w => ("param." + w.Name, w.Value.Clone())).ToList();
                float loss = network.LossAndGradients(workload.Spikes, workload.Labels);
                tensors.AddRange(network.Weights().Select(w => ("grad." + w.Name, w.Value.Grad ?? w.Value.ZerosLike())));
                tensors.Add(("input", workload.Spikes));
                tensors.Add(("loss", Tensor.Scalar(loss)));
                tensors.Add(("hidden_spikes", HiddenSpikes(network, workload.Spikes)));
                string path = Path.Combine(folder, $"check_{scenario.Scenario}.npz");
                PytorchJob.WriteArrays(path, tensors, workload.Labels);
                int code = torch.Run("check_equal.py", [path, scenario.Recurrent ? "--recurrent" : "--feedforward"], options.Threads,
                    line => output.WriteLine($"{scenario.Scenario}: {line}"), log);
                failures += code == 0 ? 0 : 1;
            }
            output.WriteLine(failures == 0 ? "check-pytorch: equal loss, gradients and spikes." : $"check-pytorch: {failures} case(s) differ.");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Tensor HiddenSpikes(SnnNetwork network, Tensor input)
    {
        using (Autodiff.Tape.NoGrad())
        {
            return network.Hidden.Forward(input);
        }
    }
}
