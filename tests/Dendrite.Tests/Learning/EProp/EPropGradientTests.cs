using Dendrite.Learning.EProp;

namespace Dendrite.Tests.Learning.EProp;

/// <summary>learning.md §11.2 tests 1–4: e-prop against a hand-written float64 BPTT.</summary>
public class EPropGradientTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithoutRecurrenceEPropEqualsBptt(bool detachReset)
    {
        // Exact case: no recurrent weights, leaky readout, MSE, symmetric feedback, κ-filtered traces. With the reset kept
        // it stays exact here because the traces follow the model's (local) reset path, unlike Bellec's.
        var setup = new EPropReferenceSetup(recurrent: false, detachReset);
        var learner = setup.Learner();
        setup.RunEProp(learner);
        var bptt = setup.Bptt();
        Assert.True(Spiked(setup), "no neuron spiked: the test would be vacuous");
        Assert.InRange(EPropReferenceSetup.RelativeError(learner.InputWeightGradient, bptt.Input), 0, 1e-10);
        Assert.InRange(EPropReferenceSetup.RelativeError(learner.ReadoutWeightGradient, bptt.Readout), 0, 1e-10);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void WithRecurrenceEPropDiffersFromBptt(bool detachReset)
    {
        var setup = new EPropReferenceSetup(recurrent: true, detachReset);
        var learner = setup.Learner();
        setup.RunEProp(learner);
        var bptt = setup.Bptt();
        double input = EPropReferenceSetup.RelativeError(learner.InputWeightGradient, bptt.Input);
        double recurrent = EPropReferenceSetup.RelativeError(learner.RecurrentWeightGradient, bptt.Recurrent);
        Assert.True(Math.Min(input, recurrent) > 1e-1, $"e-prop and BPTT agree ({input}, {recurrent}) though recurrence makes e-prop approximate");
        // The readout gradient does not involve the approximation.
        Assert.InRange(EPropReferenceSetup.RelativeError(learner.ReadoutWeightGradient, bptt.Readout), 0, 1e-10);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void WithTheExactSignalTheFactorisationEqualsBptt(bool recurrent, bool detachReset)
    {
        // Eq. (1): Σ_t (dE/dz_j^t)·e_ji^t = dE/dW_ji, with dE/dz as an output taken from BPTT.
        var setup = new EPropReferenceSetup(recurrent, detachReset);
        var learner = setup.Learner();
        var bptt = setup.Bptt();
        int n = EPropReferenceSetup.Neurons;
        int inputs = EPropReferenceSetup.Inputs;
        int presynaptic = inputs + (recurrent ? n : 0);
        var gIn = new double[n * inputs];
        var gRec = new double[n * n];
        setup.RunEProp(learner, t =>
        {
            ReadOnlySpan<double> trace = learner.Trace;
            for (int b = 0; b < EPropReferenceSetup.Batch; b++)
            {
                for (int j = 0; j < n; j++)
                {
                    double signal = bptt.Signal[(t * EPropReferenceSetup.Batch + b) * n + j];
                    for (int i = 0; i < presynaptic; i++)
                    {
                        double term = signal * trace[(b * n + j) * presynaptic + i];
                        if (i < inputs)
                        {
                            gIn[j * inputs + i] += term;
                        }
                        else
                        {
                            gRec[j * n + i - inputs] += term;
                        }
                    }
                }
            }
        }, signal: false);
        Assert.InRange(EPropReferenceSetup.RelativeError(gIn, bptt.Input), 0, 1e-10);
        if (recurrent)
        {
            Assert.InRange(EPropReferenceSetup.RelativeError(gRec, bptt.Recurrent), 0, 1e-10);
        }
    }

    [Fact]
    public void WindowSumsEqualStepByStepAccumulation()
    {
        // Test 4 (online == batched): an error known only at the end, times Σ_t w_t·ē^t, equals adding w_t·error each step.
        var setup = new EPropReferenceSetup(recurrent: true, detachReset: true);
        var online = setup.Learner();
        var batched = setup.Learner();
        double[] error = [0.3, -1.1, 0.7, 0.25];
        setup.RunEProp(online, t => online.AccumulateSignal(error.Select(e => e * Weight(t)).ToArray()), signal: false);
        setup.RunEProp(batched, t => batched.AccumulateWindow(Weight(t)), signal: false);
        batched.AccumulateWindowSignal(error);
        Assert.InRange(EPropReferenceSetup.RelativeError(batched.InputWeightGradient, online.InputWeightGradient), 0, 1e-12);
        Assert.InRange(EPropReferenceSetup.RelativeError(batched.RecurrentWeightGradient, online.RecurrentWeightGradient), 0, 1e-12);
        Assert.InRange(EPropReferenceSetup.RelativeError(batched.ReadoutWeightGradient, online.ReadoutWeightGradient), 0, 1e-12);

        static double Weight(int t) => t < 10 ? 0.0 : 1.0 / (EPropReferenceSetup.Steps - 10);
    }

    [Fact]
    public void RandomFeedbackChangesOnlyTheHiddenGradient()
    {
        var setup = new EPropReferenceSetup(recurrent: false, detachReset: true);
        var symmetric = setup.Learner();
        var random = setup.Learner(EPropFeedback.Random);
        setup.RunEProp(symmetric);
        setup.RunEProp(random);
        Assert.InRange(EPropReferenceSetup.RelativeError(random.ReadoutWeightGradient, symmetric.ReadoutWeightGradient), 0, 1e-15);
        Assert.True(EPropReferenceSetup.RelativeError(random.InputWeightGradient, symmetric.InputWeightGradient) > 1e-2);
    }

    private static bool Spiked(EPropReferenceSetup setup)
    {
        var learner = setup.Learner();
        bool any = false;
        setup.RunEProp(learner, _ => any |= learner.Spikes.ToArray().Any(z => z != 0), signal: false);
        return any;
    }
}
