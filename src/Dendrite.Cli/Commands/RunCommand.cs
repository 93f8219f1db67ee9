using System.CommandLine;
using Dendrite.Interop;
using Dendrite.Interop.Nir;
using Dendrite.Interop.Numpy;
using Dendrite.Tensors;
using Dendrite.Training;

namespace Dendrite.Cli.Commands;

/// <summary>
/// <c>dendrite run MODEL --input X.npy --dt S --output Y.npz</c>: runs a NIR file (forward-Euler reference) or a run
/// folder (Dendrite's layers) on a time-major input and writes the output and every layer's traces.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "A .nir file, or a run folder (state.json, model.safetensors)." };
        var input = new Option<string>("--input") { Description = "Time-major input .npy: [T, ...input shape] or [T, B, ...input shape].", Required = true, HelpName = "X.npy" };
        var dt = new Option<double>("--dt") { Description = "Seconds per step (needed for NIR files, which store none).", DefaultValueFactory = _ => ExportCommand.DefaultDt };
        var output = new Option<string>("--output") { Description = "The .npz to write: 'output' and, per layer, '.out' / '.v' / '.i' traces, each [T, B, ...].", Required = true, HelpName = "Y.npz" };
        var convention = NirOptions.Convention();
        var force = new Option<bool>("--force") { Description = "Replace the output file if it exists." };
        var command = new Command("run", "Run a NIR graph or a trained run folder on an input sequence; record output spikes and membrane traces.")
        {
            model, input, dt, output, convention, force,
        };
        command.SetAction(parseResult => CliErrors.Run(() => Run(parseResult.GetValue(model)!, parseResult.GetValue(input)!, parseResult.GetValue(dt),
            parseResult.GetValue(output)!, parseResult.GetValue(convention), parseResult.GetValue(force), Console.Out)));
        return command;
    }

    public static int Run(string model, string inputPath, double dt, string outputPath, NirConvention convention, bool force, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!force && File.Exists(outputPath))
        {
            throw new IOException($"'{outputPath}' already exists; pass --force to replace it.");
        }
        NpyArray x = NpyFile.Load(inputPath);
        var arrays = new List<KeyValuePair<string, NpyArray>>();
        if (Directory.Exists(model))
        {
            (SpikingNetwork network, _) = CheckpointNetwork.Load(model);
            int features = network.Layers[0] switch
            {
                Nn.Linear l => l.Inputs,
                Neurons.LifLayer l => l.Inputs,
                Neurons.CubaLifLayer l => l.Inputs,
                Neurons.LiLayer l => l.Inputs,
                _ => -1,
            };
            (int steps, int batch) = Layout(x, [features], inputPath);
            Tensor tensor = x.ToTensor().Reshape(steps, batch, features);
            foreach ((string name, Tensor values) in NetworkTraces.Run(network, tensor))
            {
                arrays.Add(new(name, NpyArray.FromTensor(values)));
            }
        }
        else
        {
            NirGraph graph = NirFile.Read(model);
            var simulator = new NirSimulator(graph, dt, convention, model);
            (int steps, int batch) = Layout(x, simulator.InputShape, inputPath);
            float[] values = x.ToTensor().ToArray();
            IReadOnlyList<NirTrace> traces = simulator.Run(values, steps, batch);
            foreach (NirTrace trace in traces)
            {
                arrays.Add(new(trace.Name, ToNpy(trace)));
            }
            // The first Output node is the graph's output; every Output node also has its own ".out" trace.
            string first = simulator.OutputNames.FirstOrDefault() ?? traces[^1].Name[..^4];
            arrays.Add(new("output", ToNpy(traces.Single(t => t.Name == first + ".out"))));
            foreach (string note in simulator.Notes)
            {
                log.WriteLine($"note: {note}");
            }
        }
        AtomicFile.Write(outputPath, stream => NpzFile.Write(stream, arrays), force);
        log.WriteLine($"dendrite run: {model} on {inputPath} → {outputPath} ({arrays.Count} arrays)");
        return 0;
    }

    // [T, ...shape] is one sample; [T, B, ...shape] a batch.
    private static (int Steps, int Batch) Layout(NpyArray x, long[] shape, string source)
    {
        long size = shape.Aggregate(1L, (p, d) => p * d);
        int[] dims = x.Shape;
        long Tail(int from) => dims[from..].Aggregate(1L, (p, d) => p * d);
        if (dims.Length >= 2 && Tail(1) == size)
        {
            return (dims[0], 1);
        }
        if (dims.Length >= 3 && Tail(2) == size)
        {
            return (dims[0], dims[1]);
        }
        throw new InvalidDataException($"{source}: input shape ({string.Join(", ", dims)}) is neither [T, {string.Join(", ", shape)}] nor [T, B, {string.Join(", ", shape)}].");
    }

    private static NpyArray ToNpy(NirTrace trace)
    {
        int[] shape = [trace.Steps, trace.Batch, .. trace.Shape.Select(d => (int)d)];
        return NpyArray.FromTensor(Tensor.FromArray(trace.Values, shape));
    }
}
