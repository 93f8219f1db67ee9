using Dendrite.Autodiff;
using Dendrite.Learning;
using Dendrite.Learning.Pruning;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Tests.Learning;

/// <summary>A pruner added as an optimizer constraint keeps pruned weights exactly +0 under momentum, weight decay and Adam's moments.</summary>
public class PrunedOptimizerTests
{
    public static TheoryData<string> Optimizers => ["sgd-momentum-decay", "sgd-nesterov", "adam-decay", "adamw"];

    private static Optimizer Create(string name, Parameter[] parameters) => name switch
    {
        "sgd-momentum-decay" => new Sgd(parameters, 0.05f, momentum: 0.9f, weightDecay: 0.01f),
        "sgd-nesterov" => new Sgd(parameters, 0.05f, momentum: 0.9f, nesterov: true, weightDecay: 0.01f),
        "adam-decay" => new Adam(parameters, 0.01f, weightDecay: 0.01f),
        _ => new AdamW(parameters, 0.01f, weightDecay: 0.1f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void PrunedWeightsStayExactlyZeroAfterEveryStep(string optimizerName)
    {
        (Parameter weight, Optimizer optimizer, Pruner pruner, Action step) = Setup(optimizerName);
        optimizer.AddConstraint(pruner);
        float[] kept = weight.Value.ToArray();
        for (int i = 0; i < 20; i++)
        {
            step();
            float[] w = weight.Value.ToArray();
            float[] mask = pruner.Masks[0].Mask.ToArray();
            for (int k = 0; k < w.Length; k++)
            {
                if (mask[k] == 0f && BitConverter.SingleToInt32Bits(w[k]) != 0)
                {
                    Assert.Fail($"{optimizerName}: pruned weight {k} is {w[k]} after step {i + 1}");
                }
            }
        }
        Assert.Contains(Enumerable.Range(0, kept.Length), k => pruner.Masks[0].Mask.Span[k] == 1f && weight.Value.Span[k] != kept[k]);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void WithoutTheConstraintMomentumRevivesPrunedWeights(string optimizerName)
    {
        // The control: masking only the gradient is not enough, since momenta built before pruning still move the weights.
        (Parameter weight, Optimizer optimizer, Pruner pruner, Action step) = Setup(optimizerName);
        pruner.MaskGradients();
        step();
        Assert.Contains(Enumerable.Range(0, weight.Value.Length), k => pruner.Masks[0].Mask.Span[k] == 0f && weight.Value.Span[k] != 0f);
    }

    // A 6×5 regression trained 10 steps (so momenta are non-zero), then half its weights pruned by magnitude.
    private static (Parameter Weight, Optimizer Optimizer, Pruner Pruner, Action Step) Setup(string optimizerName)
    {
        var rng = new Rng(21);
        var w = new Tensor(6, 5);
        Init.Uniform(w, rng, -1f, 1f);
        var weight = new Parameter("weight", w);
        var x = new Tensor(8, 5);
        var y = new Tensor(8, 6);
        Init.Uniform(x, rng, -1f, 1f);
        Init.Uniform(y, rng, -1f, 1f);
        Optimizer optimizer = Create(optimizerName, [weight]);
        void Step()
        {
            optimizer.ZeroGrad();
            using (var tape = new Tape())
            {
                tape.Backward(Losses.Mse(Ops.Linear(x, weight.Value), y));
            }
            optimizer.Step();
        }
        for (int i = 0; i < 10; i++)
        {
            Step();
        }
        var pruner = new Pruner([("weight", weight)]);
        pruner.PruneGlobal(0.5);
        return (weight, optimizer, pruner, Step);
    }
}
