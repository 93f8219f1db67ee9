using System.Text.Json;
using Dendrite.Neurons;

namespace Dendrite.Tests.Neurons;

public class SigmaDeltaTests
{
    [Fact]
    public void T13LavaSigmaDeltaTrace()
    {
        JsonElement vector = ConformanceVectors.Get("T13");
        var parameters = new SigmaDeltaParameters
        {
            Threshold = vector.Number("parameters.vth"),
            Bias = vector.Number("parameters.bias"),
        };
        var state = new SigmaDeltaState();
        double receiver = 0;
        var sigma = new List<double>();
        var delta = new List<double>();
        var output = new List<double>();
        var residue = new List<double>();
        var received = new List<double>();
        foreach (double input in vector.Doubles("input.a_in"))
        {
            double before = state.PreviousActivation - state.Residue;
            double s = SigmaDelta.Step(input, ref state, parameters);
            receiver = SigmaDelta.Decode(receiver, s);
            sigma.Add(state.Sigma);
            delta.Add(state.PreviousActivation - before);
            output.Add(s);
            residue.Add(state.Residue);
            received.Add(receiver);
        }
        ConformanceVectors.AssertClose(vector.Doubles("expected.sigma"), sigma, "sigma");
        ConformanceVectors.AssertClose(vector.Doubles("expected.delta"), delta, "delta");
        ConformanceVectors.AssertClose(vector.Doubles("expected.s_out"), output, "s_out");
        ConformanceVectors.AssertClose(vector.Doubles("expected.residue"), residue, "residue");
        ConformanceVectors.AssertClose(vector.Doubles("expected.receiver_sigma"), received, "receiver_sigma");
    }

    [Fact]
    public void ADeltaOfExactlyTheThresholdFiresOnlyWithGreaterOrEqual()
    {
        var lava = new SigmaDeltaParameters { Threshold = 0.5 };
        var lavaDl = lava with { Comparison = SpikeComparison.GreaterThan };
        var a = new SigmaDeltaState();
        var b = new SigmaDeltaState();
        Assert.Equal(0.5, SigmaDelta.Step(0.5, ref a, lava));
        Assert.Equal(0.0, SigmaDelta.Step(0.5, ref b, lavaDl));
    }
}
