namespace Dendrite.Tests.Learning.EProp;

public class EPropMemoryTests
{
    [Fact]
    public void StepsAllocateNothingSoMemoryDoesNotGrowWithTheSequence()
    {
        // No per-step storage: after the first step (buffers, gradients) a step allocates no managed memory at all.
        var setup = new EPropReferenceSetup(recurrent: true, detachReset: true);
        var learner = setup.Learner();
        setup.RunEProp(learner);
        long stateBytes = learner.StateBytes;
        var input = new float[EPropReferenceSetup.Batch * EPropReferenceSetup.Inputs];
        var delta = new double[EPropReferenceSetup.Batch * EPropReferenceSetup.Outputs];
        Array.Fill(input, 1f);
        Array.Fill(delta, 0.5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 500; t++)
        {
            learner.Step(input);
            learner.AccumulateSignal(delta);
            learner.AccumulateWindow(0.01);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(stateBytes, learner.StateBytes);
    }
}
