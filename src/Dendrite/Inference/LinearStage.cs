using Dendrite.Kernels;
using Dendrite.Nn;

namespace Dendrite.Inference;

/// <summary>A <see cref="Linear"/> layer run event-driven: y = Σ active x[j]·W[:, j] + b.</summary>
internal sealed class LinearStage : InferenceStage
{
    private readonly float[] _weightTransposed;
    private readonly float[]? _bias;

    public LinearStage(Linear linear)
    {
        Inputs = linear.Inputs;
        Outputs = linear.Outputs;
        _weightTransposed = MatrixTranspose.Of(linear.Weight.Value.Span, Outputs, Inputs);
        _bias = linear.Bias?.Value.ToArray();
    }

    public override int Inputs { get; }

    public override int Outputs { get; }

    public override bool Spiking => false;

    protected override void ResetState(int batch)
    {
    }

    protected override long StepRows(StepActivity input, int start, int end)
    {
        long synOps = EventAccumulator.Rows(input, start, end, _weightTransposed, _bias, Outputs, Output.Values.AsSpan(start * Outputs), Outputs);
        for (int b = start; b < end; b++)
        {
            Output.GatherRow(b);
        }
        return synOps;
    }
}
