using Dendrite.Learning;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning;

/// <summary>Optimizer updates against hand-derived values of the PyTorch update rules.</summary>
public class OptimizerTests
{
    private static Parameter WithGrad(float value, float grad)
    {
        var parameter = new Parameter("p", Tensor.FromArray([value], 1));
        parameter.Value.GradOrZeros().Span[0] = grad;
        return parameter;
    }

    [Fact]
    public void SgdPlainMomentumNesterovAndDecay()
    {
        // Plain: p = 1 - 0.1·2 = 0.8.
        Parameter plain = WithGrad(1f, 2f);
        new Sgd([plain], 0.1f).Step();
        Assert.Equal(0.8f, plain.Value.Span[0], 6);

        // Momentum 0.9, grad 2 twice: b1 = 2, p1 = 1 - 0.2 = 0.8; b2 = 0.9·2 + 2 = 3.8, p2 = 0.8 - 0.38 = 0.42.
        Parameter momentum = WithGrad(1f, 2f);
        var sgd = new Sgd([momentum], 0.1f, momentum: 0.9f);
        sgd.Step();
        sgd.Step();
        Assert.Equal(0.42f, momentum.Value.Span[0], 5);

        // Nesterov: step 1 g = 2 + 0.9·2 = 3.8, p = 1 - 0.38 = 0.62.
        Parameter nesterov = WithGrad(1f, 2f);
        new Sgd([nesterov], 0.1f, momentum: 0.9f, nesterov: true).Step();
        Assert.Equal(0.62f, nesterov.Value.Span[0], 5);

        // Weight decay 0.5: g = 2 + 0.5·1 = 2.5, p = 1 - 0.25 = 0.75.
        Parameter decay = WithGrad(1f, 2f);
        new Sgd([decay], 0.1f, weightDecay: 0.5f).Step();
        Assert.Equal(0.75f, decay.Value.Span[0], 6);
    }

    [Fact]
    public void AdamFirstStepMovesByLearningRateTimesSign()
    {
        // After one step m̂ = g and v̂ = g², so Δp = -η·g/(|g| + ε) ≈ -η·sign(g).
        Parameter positive = WithGrad(1f, 3f);
        Parameter negative = WithGrad(1f, -0.5f);
        new Adam([positive, negative], 0.01f).Step();
        Assert.Equal(0.99f, positive.Value.Span[0], 5);
        Assert.Equal(1.01f, negative.Value.Span[0], 5);
    }

    [Fact]
    public void AdamSecondStepMatchesHandDerivation()
    {
        // g = 1 then g = 3, β = (0.9, 0.999), η = 0.1, ε = 0.
        // Step 2: m = 0.9·0.1 + 0.1·3 = 0.39, v = 0.999·0.001 + 0.001·9 = 0.009999,
        // m̂ = 0.39/0.19, v̂ = 0.009999/0.001999; Δ = 0.1·m̂/√v̂.
        Parameter p = WithGrad(0f, 1f);
        var adam = new Adam([p], 0.1f, epsilon: 0f);
        adam.Step();
        p.Grad!.Span[0] = 3f;
        adam.Step();
        double expected = -0.1 - 0.1 * (0.39 / 0.19) / Math.Sqrt(0.009999 / 0.001999);
        Assert.Equal(expected, p.Value.Span[0], 5);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AdamOnAVectorEqualsTheScalarRuleBitForBit(bool decoupled)
    {
        // 1003 values: whole vectors and a scalar tail. The reference is PyTorch's rule written out per element in float.
        const int n = 1003;
        const float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weightDecay = 0.1f;
        var rng = new Rng(21);
        float[] values = new float[n], m = new float[n], v = new float[n];
        rng.FillNormal(values, 0f, 1f);
        var parameter = new Parameter("p", Tensor.FromArray((float[])values.Clone(), n));
        Adam adam = decoupled ? new AdamW([parameter], lr, beta1, beta2, eps, weightDecay) : new Adam([parameter], lr, beta1, beta2, eps, weightDecay);
        for (int step = 1; step <= 3; step++)
        {
            float[] grad = new float[n];
            rng.FillNormal(grad, 0f, 0.1f);
            grad.CopyTo(parameter.Value.GradOrZeros().Span);
            adam.Step();
            float correction1 = 1f - MathF.Pow(beta1, step), correction2 = 1f - MathF.Pow(beta2, step);
            float decay = decoupled ? 1f - lr * weightDecay : 1f, l2 = decoupled ? 0f : weightDecay;
            for (int i = 0; i < n; i++)
            {
                float g = grad[i] + l2 * values[i];
                m[i] = beta1 * m[i] + (1f - beta1) * g;
                v[i] = beta2 * v[i] + (1f - beta2) * g * g;
                values[i] = values[i] * decay - lr / correction1 * m[i] / (MathF.Sqrt(v[i]) / MathF.Sqrt(correction2) + eps);
            }
            Assert.Equal(values, parameter.Value.Span.ToArray());
        }
    }

    [Fact]
    public void AdamWDecaysWeightsOutsideTheGradient()
    {
        // Zero gradient: Adam's L2 term feeds the moments; AdamW only scales p by (1 - η·λ).
        Parameter p = WithGrad(2f, 0f);
        new AdamW([p], 0.1f, weightDecay: 0.5f).Step();
        Assert.Equal(2f * (1f - 0.05f), p.Value.Span[0], 6);
    }

    [Fact]
    public void ClipNormScalesAllGradientsTogether()
    {
        Parameter a = WithGrad(0f, 3f);
        Parameter b = WithGrad(0f, 4f);
        float norm = GradientClipping.ClipNorm([a, b], 1f);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, a.Grad!.Span[0], 5);
        Assert.Equal(0.8f, b.Grad!.Span[0], 5);

        GradientClipping.ClipValue([a, b], 0.7f);
        Assert.Equal(0.7f, b.Grad!.Span[0]);
    }

    [Fact]
    public void SchedulesMatchTheirFormulas()
    {
        var step = new StepSchedule(1f, stepSize: 10, gamma: 0.5f);
        Assert.Equal(1f, step.At(9));
        Assert.Equal(0.5f, step.At(10));
        Assert.Equal(0.25f, step.At(25));

        var cosine = new CosineSchedule(1f, totalSteps: 100, minimum: 0.1f);
        Assert.Equal(1f, cosine.At(0), 6);
        Assert.Equal(0.55f, cosine.At(50), 6);
        Assert.Equal(0.1f, cosine.At(100), 6);

        // OneCycle: starts at max/25, peaks at max at step 0.3·T − 1, ends at max/25/1e4.
        var oneCycle = new OneCycleSchedule(1f, totalSteps: 101, warmupFraction: 0.3f);
        Assert.Equal(0.04f, oneCycle.At(0), 6);
        Assert.Equal(1f, oneCycle.At(29), 2);
        Assert.Equal(4e-6f, oneCycle.At(100), 8);
    }
}
