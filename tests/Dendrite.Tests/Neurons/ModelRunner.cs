using Dendrite.Neurons;

namespace Dendrite.Tests.Neurons;

/// <summary>Runs one neuron's pure step in double over a scalar input sequence (the naive reference).</summary>
internal static class ModelRunner
{
    public static (double[] Outputs, double[][] States) Run<TModel>(TModel model, double[] parameters, double[] inputs, double[]? initialState = null)
        where TModel : INeuronModel
    {
        var outputs = new double[inputs.Length];
        var states = new double[inputs.Length][];
        double[] s = initialState ?? new double[model.StateSize];
        double[] ff = new double[model.Currents];
        double[] rec = new double[model.Currents];
        for (int t = 0; t < inputs.Length; t++)
        {
            ff[0] = inputs[t];
            var next = new double[model.StateSize];
            outputs[t] = model.Step(parameters, ff, rec, s, next);
            states[t] = next;
            s = next;
        }
        return (outputs, states);
    }

    public static double[] Column(double[][] states, int index) => states.Select(s => s[index]).ToArray();
}
