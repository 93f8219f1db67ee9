using Dendrite.Neurons;
using Dendrite.Surrogates;
using Dendrite.Tensors;

namespace Dendrite.Tests.Neurons;

public sealed class EgruTests
{
    [Fact]
    public void T10SingleUnit()
    {
        var vector = ConformanceVectors.Get("T10");
        var config = new EgruParameters { Surrogate = Triangle.Egru(vector.Number("parameters.dampening_factor"), vector.Number("parameters.pseudo_derivative_support")) };
        var model = new EgruModel(config);
        double threshold = vector.Number("parameters.threshold");
        double[] ff = [vector.Number("parameters.b_z"), vector.Number("parameters.b_r"), vector.Number("parameters.b_g")];
        double[] h = [0.0];
        int steps = vector.Doubles("input.x").Length;
        var c = new List<double>();
        var e = new List<double>();
        var hNext = new List<double>();
        var y = new List<double>();
        var trace = new List<double>();
        var deDc = new List<double>();
        double traceValue = 0;
        double decay = vector.Number("parameters.trace_decay");
        for (int t = 0; t < steps; t++)
        {
            var next = new double[1];
            double output = model.Step([threshold], ff, [0, 0, 0], h, next);
            double cell = 0.5 * h[0] + 0.5 * Math.Tanh(1.0);
            c.Add(cell);
            e.Add(output == 0 ? 0 : 1);
            hNext.Add(next[0]);
            y.Add(output);
            traceValue = decay * traceValue + (1 - decay) * output;
            trace.Add(traceValue);
            deDc.Add(config.Surrogate.Derivative(cell - threshold));
            h = next;
        }
        ConformanceVectors.AssertClose(vector.Doubles("expected.c"), c, "T10 c");
        ConformanceVectors.AssertClose(vector.Doubles("expected.e"), e, "T10 e");
        ConformanceVectors.AssertClose(vector.Doubles("expected.h_next"), hNext, "T10 h_next");
        ConformanceVectors.AssertClose(vector.Doubles("expected.y"), y, "T10 y");
        ConformanceVectors.AssertClose(vector.Doubles("expected.trace"), trace, "T10 trace");
        ConformanceVectors.AssertClose(vector.Doubles("expected.de_dc"), deDc, "T10 de_dc");
        float[] layerTrace = EgruLayer.Trace(y.Select(v => (float)v).ToArray(), steps);
        for (int t = 0; t < steps; t++)
        {
            Assert.Equal(trace[t], layerTrace[t], 1e-6);
        }
    }

    [Fact]
    public void ThresholdIsClampedToUnitIntervalBeforeUse()
    {
        var model = new EgruModel(new EgruParameters());
        double[] ff = [0, 0, 5];
        var high = new double[1];
        var one = new double[1];
        double yHigh = model.Step([1.7], ff, [0, 0, 0], [0.99], high);
        double yOne = model.Step([1.0], ff, [0, 0, 0], [0.99], one);
        Assert.Equal(yOne, yHigh);
        Assert.Equal(one[0], high[0]);
        var low = new double[1];
        var zero = new double[1];
        Assert.Equal(model.Step([0.0], ff, [0, 0, 0], [0.2], zero), model.Step([-0.4], ff, [0, 0, 0], [0.2], low));
        Assert.Equal(zero[0], low[0]);

        var layer = new EgruLayer(2, 4, new Rng(3));
        new float[] { -0.3f, 0.2f, 1.4f, 0.9f }.CopyTo(layer.Thresholds.Span);
        layer.ClampThresholds();
        Assert.Equal([0f, 0.2f, 1f, 0.9f], layer.Thresholds.ToArray());
    }

    [Fact]
    public void FusedBackwardMatchesFiniteDifferencesInDoubleSmoothMode()
    {
        var model = new EgruModel(new EgruParameters { Surrogate = new Arctan(1.0) }, SpikeFunctionMode.Smooth);
        SequenceGradientCheck.Check(model, [0.3, 0.6, 0.45], 6, 2, 3, recurrent: true, seed: 41, currentScale: 1.5, recurrentScale: 0.8);
    }
}
