using Dendrite.Autodiff;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training;

namespace Dendrite.Cli.Commands;

/// <summary>
/// Runs a <see cref="SpikingNetwork"/> one step at a time so every neuron layer's state can be recorded: output spikes
/// ("I.kind.out"), membrane ("I.kind.v") and, for CuBa-LIF, synaptic current ("I.kind.i"), each [T, B, N].
/// </summary>
internal static class NetworkTraces
{
    public static List<(string Name, Tensor Values)> Run(SpikingNetwork network, Tensor input)
    {
        var traces = new List<(string, Tensor)>();
        Tensor h = input;
        using (Tape.NoGrad())
        {
            network.Eval();
            for (int i = 0; i < network.Layers.Count; i++)
            {
                string name = $"{i}.{network.Info[i].Name}";
                Module layer = network.Layers[i];
                (Tensor output, Tensor? states, string[] stateNames) = layer switch
                {
                    LifLayer lif => Steps(lif, h, ["v"]),
                    CubaLifLayer cuba => Steps(cuba, h, ["i", "v"]),
                    LiLayer li => Steps(li, h, ["v"]),
                    _ => (layer.Forward(h), null, []),
                };
                traces.Add(($"{name}.out", output));
                for (int s = 0; s < stateNames.Length && states is not null; s++)
                {
                    traces.Add(($"{name}.{stateNames[s]}", Component(states, s)));
                }
                h = output;
            }
        }
        traces.Add(("output", h));
        return traces;
    }

    private static (Tensor Output, Tensor? States, string[] Names) Steps<TModel>(NeuronLayer<TModel> layer, Tensor input, string[] names)
        where TModel : struct, INeuronModel
    {
        int steps = input.Shape[0];
        int batch = input.Shape[1];
        var output = new Tensor(steps, batch, layer.Neurons);
        var states = new Tensor(steps, batch, layer.Neurons, layer.StateSize);
        NeuronLayerState? state = null;
        for (int t = 0; t < steps; t++)
        {
            (Tensor y, state) = layer.Step(input[t], state);
            y.Span.CopyTo(output[t].Span);
            state.State.Span.CopyTo(states[t].Span);
        }
        return (output, states, names);
    }

    // One state variable of [T, B, N, S] as [T, B, N].
    private static Tensor Component(Tensor states, int index)
    {
        int size = states.Shape[3];
        var result = new Tensor(states.Shape[0], states.Shape[1], states.Shape[2]);
        ReadOnlySpan<float> source = states.Span;
        Span<float> target = result.Span;
        for (int k = 0; k < target.Length; k++)
        {
            target[k] = source[k * size + index];
        }
        return result;
    }
}
