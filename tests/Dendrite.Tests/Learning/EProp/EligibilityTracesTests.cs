using Dendrite.Learning.EProp;

namespace Dendrite.Tests.Learning.EProp;

public class EligibilityTracesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    public void OneStateKernelMatchesTheGeneralReference(int presynaptic)
    {
        var random = new Random(presynaptic + 1);
        double[] Draw(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] x = Draw(presynaptic);
        double[] state = Draw(2);
        double[] current = Draw(2);
        double[] epsilon = Draw(presynaptic);
        double[] filtered = Draw(presynaptic);
        double[] epsilonReference = (double[])epsilon.Clone();
        double[] filteredReference = (double[])filtered.Clone();
        var trace = new double[presynaptic];
        var traceReference = new double[presynaptic];
        for (int step = 0; step < 3; step++)
        {
            EligibilityTraces.AdvanceScalar(x, epsilon, trace, filtered, state[0], current[0], state[1], current[1], 0.9, 0.1);
            EligibilityTraces.AdvanceReference(1, x, epsilonReference, traceReference, filteredReference, state, current, 0.9, 0.1);
        }
        for (int i = 0; i < presynaptic; i++)
        {
            Assert.Equal(epsilonReference[i], epsilon[i], 1e-14);
            Assert.Equal(traceReference[i], trace[i], 1e-14);
            Assert.Equal(filteredReference[i], filtered[i], 1e-14);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(85)]
    public void ThreeStateKernelMatchesTheGeneralReference(int presynaptic)
    {
        // Random Jacobians, so every one of the 16 derivatives reaches the result; the kernel promises bit-identical values.
        var random = new Random(presynaptic + 7);
        double[] Draw(int n) => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        double[] x = Draw(presynaptic);
        double[] epsilon = Draw(3 * presynaptic);
        double[] filtered = Draw(presynaptic);
        double[] epsilonReference = (double[])epsilon.Clone();
        double[] filteredReference = (double[])filtered.Clone();
        var trace = new double[presynaptic];
        var traceReference = new double[presynaptic];
        for (int step = 0; step < 3; step++)
        {
            double[] state = Draw(12);
            double[] current = Draw(4);
            EligibilityTraces.AdvanceThree(x, epsilon, trace, filtered, state, current, 0.9, 0.1);
            EligibilityTraces.AdvanceReference(3, x, epsilonReference, traceReference, filteredReference, state, current, 0.9, 0.1);
        }
        Assert.Equal(epsilonReference, epsilon);
        Assert.Equal(traceReference, trace);
        Assert.Equal(filteredReference, filtered);
    }

    [Fact]
    public void LifTraceIsTheSurrogateTimesTheFilteredInput()
    {
        // For LIF (β = 0 ALIF) the trace factorises: e^t = ψ^t·x̄^t with x̄^t = α·x̄^{t−1} + x^t (learning.md §1.2).
        const double alpha = 0.95;
        const double psi = 0.2;
        double[] x = [1, 0, 1];
        var epsilon = new double[3];
        var trace = new double[3];
        var filtered = new double[3];
        double[] xBar = new double[3];
        for (int step = 0; step < 4; step++)
        {
            // ∂v'/∂v = α, ∂v'/∂I = 1, ∂z/∂v = αψ, ∂z/∂I = ψ (z reads the new membrane).
            EligibilityTraces.AdvanceScalar(x, epsilon, trace, filtered, alpha, 1.0, alpha * psi, psi, 0.5, 1.0);
            for (int i = 0; i < 3; i++)
            {
                xBar[i] = alpha * xBar[i] + x[i];
                Assert.Equal(psi * xBar[i], trace[i], 1e-15);
            }
        }
    }
}
