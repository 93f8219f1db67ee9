using Dendrite.Autodiff;
using Dendrite.Inference;
using Dendrite.Learning;
using Dendrite.Neurons;
using Dendrite.Nn;
using Dendrite.Surrogates;
using Dendrite.Tensors;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Bench.Snn;

/// <summary>
/// The network of a <see cref="SnnCase"/>, built from the library's layers exactly as bench/pytorch/snn_models.py builds it:
/// LIF (β 0.9, θ 1, subtract reset from the previous membrane, strict &gt;, fast-sigmoid surrogate slope 25, bias), then
/// a leaky-integrator readout (β 0.9, no bias) scored by its maximum over time (recurrent) or a LIF output layer scored
/// by spike counts (feed-forward); cross-entropy; Adam (lr 1e-3).
/// </summary>
public sealed class SnnNetwork
{
    private static readonly LifParameters Lif = new() { Beta = 0.9, Threshold = 1.0, Surrogate = new FastSigmoid(25.0) };
    private readonly Adam _optimizer;

    public SnnNetwork(SnnCase scenario, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Case = scenario;
        var rng = new Rng(seed);
        Hidden = new LifLayer(scenario.Inputs, scenario.Hidden, rng.Fork("hidden"), Lif, recurrent: scenario.Recurrent, bias: true);
        Output = scenario.Recurrent
            ? new LiLayer(scenario.Hidden, scenario.Outputs, rng.Fork("output"), new LiParameters { Form = LiForm.Leaky, Beta = 0.9 })
            : new LifLayer(scenario.Hidden, scenario.Outputs, rng.Fork("output"), Lif, bias: true);
        _optimizer = new Adam(Hidden.Parameters().Concat(Output.Parameters()), 1e-3f);
    }

    public SnnCase Case { get; }

    /// <summary>Adam over every learnable tensor (lr 1e-3).</summary>
    public Adam Optimizer => _optimizer;

    public LifLayer Hidden { get; }

    /// <summary>A <see cref="LiLayer"/> (recurrent case) or a <see cref="LifLayer"/>.</summary>
    public Module Output { get; }

    /// <summary>The learnable tensors by the names the PyTorch scripts use.</summary>
    public IEnumerable<(string Name, Tensor Value)> Weights()
    {
        yield return ("hidden.weight", Hidden.Weight);
        yield return ("hidden.bias", Hidden.Bias!);
        if (Hidden.RecurrentWeight is { } recurrent)
        {
            yield return ("hidden.recurrent_weight", recurrent);
        }
        foreach ((string name, Parameter parameter) in Output.NamedParameters())
        {
            yield return ("output." + name, parameter.Value);
        }
    }

    /// <summary>Forward, loss, backward, Adam step; returns the loss.</summary>
    public float TrainStep(Tensor input, int[] labels)
    {
        _optimizer.ZeroGrad();
        float loss;
        using (var tape = new Tape())
        {
            Tensor lossTensor = Loss(input, labels);
            tape.Backward(lossTensor);
            loss = lossTensor.ToScalar();
        }
        _optimizer.Step();
        return loss;
    }

    /// <summary>The loss with gradients left in the parameters (no optimizer step), for the equal-work check.</summary>
    public float LossAndGradients(Tensor input, int[] labels)
    {
        _optimizer.ZeroGrad();
        using var tape = new Tape();
        Tensor loss = Loss(input, labels);
        tape.Backward(loss);
        return loss.ToScalar();
    }

    /// <summary>Class scores [B, C] from the training path's forward, without gradient.</summary>
    public Tensor ForwardScores(Tensor input)
    {
        using (Tape.NoGrad())
        {
            return Scores(Output.Forward(Hidden.Forward(input)));
        }
    }

    /// <summary>A deployment engine for the current weights.</summary>
    public EventInferenceEngine CreateEngine() => new([Hidden, Output]);

    /// <summary>Class scores [B, C] from the inference engine.</summary>
    public Tensor InferScores(EventInferenceEngine engine, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(engine);
        using (Tape.NoGrad())
        {
            return Scores(engine.Run(input));
        }
    }

    /// <summary>Class scores [B, C] from the inference engine on input events.</summary>
    public Tensor InferScores(EventInferenceEngine engine, EventSequence input)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Scores(engine.Run(input));
    }

    private Tensor Loss(Tensor input, int[] labels) => Losses.CrossEntropy(Scores(Output.Forward(Hidden.Forward(input))), labels);

    private Tensor Scores(Tensor output) => Readout.Scores(output, Case.Recurrent ? ReadoutKind.MaxMembrane : ReadoutKind.SpikeCount);
}
