using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Tensors;
using DropoutModule = Dendrite.Nn.Dropout;

namespace Dendrite.Tests.Kernels;

/// <summary>Inverted dropout: the mask kernel, the op and the module.</summary>
[Collection("KernelThreads")]
public class DropoutTests
{
    [Theory]
    [InlineData(0.1f)]
    [InlineData(0.5f)]
    [InlineData(0.9f)]
    public void TrainingKeepsAboutOneMinusPAndScalesByItsInverse(float p)
    {
        Tensor x = TestData.Uniform(1, 0.5f, 1.5f, 100, 1000);
        Tensor y = Ops.Dropout(x, p, new Rng(2), training: true);
        int kept = 0;
        float scale = 1f / (1f - p);
        for (int i = 0; i < x.Length; i++)
        {
            if (y.Span[i] != 0f)
            {
                kept++;
                Assert.Equal(x.Span[i] * scale, y.Span[i]);
            }
        }
        // Binomial: five standard deviations of the kept fraction.
        double fraction = (double)kept / x.Length;
        double sigma = Math.Sqrt(p * (1 - p) / x.Length);
        Assert.InRange(fraction, 1 - p - 5 * sigma, 1 - p + 5 * sigma);
    }

    [Fact]
    public void EvaluationAndZeroProbabilityAreTheIdentity()
    {
        Tensor x = TestData.Uniform(3, -1f, 1f, 4, 5);
        var rng = new Rng(4);
        Assert.Same(x, Ops.Dropout(x, 0.5f, rng, training: false));
        Assert.Same(x, Ops.Dropout(x, 0f, rng, training: true));
        // Nothing was drawn.
        Assert.Equal(0UL, rng.Counter);
    }

    [Fact]
    public void ProbabilityOneDropsEverythingAndBadProbabilitiesThrow()
    {
        Tensor x = TestData.Uniform(5, -1f, 1f, 4, 5);
        Assert.All(Ops.Dropout(x, 1f, new Rng(6)).ToArray(), value => Assert.Equal(0f, value));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(x, -0.1f, new Rng(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(x, 1.5f, new Rng(6)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(x, float.NaN, new Rng(6)));
    }

    [Fact]
    public void GradientUsesTheSameMask()
    {
        const float p = 0.3f;
        Tensor x = TestData.Tracked(7, 0.5f, 1.5f, 6, 50);
        using (var tape = new Tape())
        {
            Tensor y = Ops.Dropout(x, p, new Rng(8));
            tape.Backward(y);
            Span<float> grad = x.Grad!.Span;
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(y.Span[i] == 0f ? 0f : 1f / (1f - p), grad[i]);
            }
        }
    }

    [Fact]
    public void SameSeedSameMaskWhateverTheThreadCount()
    {
        Tensor x = Tensor.Ones(300, 1000);
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = 1;
            float[] single = Ops.Dropout(x, 0.5f, new Rng(9)).ToArray();
            KernelThreads.Count = 2;
            float[] dual = Ops.Dropout(x, 0.5f, new Rng(9)).ToArray();
            Assert.Equal(single, dual);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
        var rng = new Rng(9);
        float[] first = Ops.Dropout(x, 0.5f, rng).ToArray();
        float[] second = Ops.Dropout(x, 0.5f, rng).ToArray();
        Assert.NotEqual(first, second);
        Assert.NotEqual(first, Ops.Dropout(x, 0.5f, new Rng(10)).ToArray());
    }

    [Fact]
    public void MaskKernelMatchesItsDefinition()
    {
        var mask = new float[1000];
        DropoutMask.Fill(new Rng(11), 0.25f, mask);
        var uniform = new float[1000];
        new Rng(11).FillUniform(uniform, 0f, 1f);
        for (int i = 0; i < mask.Length; i++)
        {
            Assert.Equal(uniform[i] < 0.75f ? 1f / 0.75f : 0f, mask[i]);
        }
    }

    [Fact]
    public void ModuleRespectsTrainingAndOwnsItsStream()
    {
        Tensor x = Tensor.Ones(20, 50);
        var parent = new Rng(12);
        var first = new DropoutModule(0.5f, parent);
        var second = new DropoutModule(0.5f, parent);
        // Each module seeds its own stream from one draw of the parent, so two modules differ.
        Assert.NotEqual(first.Forward(x).ToArray(), second.Forward(x).ToArray());

        var seeded = new DropoutModule(0.5f, 13UL);
        var again = new DropoutModule(0.5f, 13UL);
        Assert.Equal(seeded.Forward(x).ToArray(), again.Forward(x).ToArray());

        seeded.Eval();
        Assert.Same(x, seeded.Forward(x));
        seeded.Train();
        Assert.Contains(0f, seeded.Forward(x).ToArray());
        Assert.Empty(seeded.Parameters());
        Assert.Throws<ArgumentOutOfRangeException>(() => new DropoutModule(2f, 1UL));
    }
}
