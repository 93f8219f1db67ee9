using System.CommandLine;
using Dendrite.Bench.DeepR;

namespace Dendrite.Cli.Commands;

/// <summary><c>dendrite bench deepr</c>: Fashion-MNIST MLP accuracy, dense against DEEP R at ≤ 5 % connectivity.</summary>
public static class BenchDeepRCommand
{
    public static Command Create()
    {
        var defaults = new DeepRBenchOptions();
        var hidden = new Option<int>("--hidden") { Description = "Hidden units.", DefaultValueFactory = _ => defaults.Hidden };
        var epochs = new Option<int>("--epochs") { Description = "Epochs for each of the two runs.", DefaultValueFactory = _ => defaults.Epochs };
        var density = new Option<double>("--density") { Description = "Overall DEEP R connectivity in (0, 1].", DefaultValueFactory = _ => defaults.Density };
        var lr = new Option<float>("--lr") { Description = "SGD learning rate (×0.8 per epoch).", DefaultValueFactory = _ => defaults.LearningRate };
        var temperature = new Option<float>("--temperature") { Description = "DEEP R temperature T.", DefaultValueFactory = _ => defaults.Temperature };
        var outputDensity = new Option<double>("--output-density") { Description = "DEEP R connectivity of the 10-way output matrix.", DefaultValueFactory = _ => defaults.OutputDensity };
        var skipDense = new Option<bool>("--skip-dense") { Description = "Train only the DEEP R network (the dense baseline is slow at large widths)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("deepr", "Fashion-MNIST 784-H-10 MLP: dense vs DEEP R test accuracy.")
        {
            hidden, epochs, density, outputDensity, lr, temperature, skipDense, json,
        };
        command.SetAction(parseResult => CliErrors.Run(() =>
        {
            var options = defaults with
            {
                Hidden = parseResult.GetValue(hidden),
                Epochs = parseResult.GetValue(epochs),
                Density = parseResult.GetValue(density),
                LearningRate = parseResult.GetValue(lr),
                Temperature = parseResult.GetValue(temperature),
                OutputDensity = parseResult.GetValue(outputDensity),
                SkipDense = parseResult.GetValue(skipDense),
            };
            if (options.Hidden < 1 || options.Epochs < 1 || !(options.Density > 0 && options.Density <= 1))
            {
                Console.Error.WriteLine($"--hidden and --epochs must be ≥ 1 and --density in (0, 1]; got {options.Hidden}, {options.Epochs}, {options.Density}.");
                return 2;
            }
            return DeepRBenchmark.Run(options, Console.Out, parseResult.GetValue(json));
        }));
        return command;
    }
}
