using Dendrite.Autodiff;
using Dendrite.Kernels;
using Dendrite.Neurons;
using Dendrite.Tensors;

namespace Dendrite.Inference;

/// <summary>
/// A first layer's feed-forward currents for a whole known sequence [T, B, in], computed up front when the inputs are
/// too dense for step-by-step events: the training path's tiled event-driven projection for binary inputs up to
/// <see cref="SpikeProjection.TiledMaxActivity"/> active (counting additions under <see cref="ComplementCoding"/> where
/// it saves some, as the training path does), else its GEMM. Each row's active inputs are counted on the way,
/// so SynOps stay exact without gathering them step by step.
/// </summary>
/// <remarks>
/// Unlike <see cref="SpikeProjection.Linear"/>, it reuses the layer's transposed weights and its own buffer from run to
/// run; the event path sums the same weight rows in the same order, so the currents are bit-identical to it.
/// </remarks>
internal sealed class SequenceCurrents(Tensor weight, Tensor? bias, float[] weightTransposed)
{
    private readonly int _inputs = weight.Shape[1];
    private readonly int _outputs = weight.Shape[0];
    private float[] _currents = [];
    private int[] _counts = [];

    /// <summary>The kernel of the last <c>Compute</c>.</summary>
    public KernelPath Path { get; private set; }

    /// <summary>Nonzero inputs of the last sequence.</summary>
    public long InputEvents { get; private set; }

    /// <summary>
    /// Whether <paramref name="input"/> [T, B, in] is not binary or above <see cref="SpikeProjection.EventDrivenMaxActivity"/>
    /// active, judged on about four evenly spaced steps: a full pass over a sparse sequence would cost as much as its events.
    /// </summary>
    public static bool DenserThanEvents(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int steps = input.Shape[0];
        if (steps == 0 || input.Length == 0)
        {
            return false;
        }
        int stepLength = input.Length / steps;
        double active = 0;
        int sampled = 0;
        for (int t = 0; t < steps; t += Math.Max(1, steps / 4))
        {
            double fraction = EventAccumulation.ActiveFraction(input.Span.Slice(t * stepLength, stepLength));
            if (fraction < 0)
            {
                return true;
            }
            active += fraction;
            sampled++;
        }
        return active > SpikeProjection.EventDrivenMaxActivity * sampled;
    }

    /// <summary>Computes the currents [T·B, out] of every row of <paramref name="input"/> [..., in].</summary>
    public void Compute(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int rows = input.Length / _inputs;
        Allocate(rows);
        // One pass checks, counts and masks the input (null masks: not spikes).
        SpikeMasks? masks = SpikeMasks.ByRowIfBinary(rows, _inputs, input.Span, _counts);
        long active = CountInputs();
        // Over [T, B, in] the coding against each stream's usual inputs may make even dense spikes cheap.
        bool streamed = input.Rank >= 3;
        if (masks is not null && (streamed || active <= SpikeProjection.TiledMaxActivity * input.Length)
            && TryEvents(masks, streamed ? input.Shape[-2] : 0))
        {
            return;
        }
        ComputeDense(input);
    }

    /// <summary>Computes the currents [T·B, out] of every (step, row) of <paramref name="input"/>.</summary>
    public void Compute(EventSequence input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int rows = input.Steps * input.Batch;
        Allocate(rows);
        for (int line = 0; line < rows; line++)
        {
            _counts[line] = input.Index.Start[line + 1] - input.Index.Start[line];
        }
        CountInputs();
        if (!TryEvents(SpikeMasks.From(input.Index, _inputs), input.Batch))
        {
            ComputeDense(input.ToDense());
        }
    }

    /// <summary>The currents of <paramref name="input"/> [..., in] by the training path's GEMM.</summary>
    private void ComputeDense(Tensor input)
    {
        using (Tape.NoGrad())
        {
            Ops.Linear(input, weight, bias).Span.CopyTo(_currents);
        }
        Path = KernelPath.Dense;
    }

    private void Allocate(int rows)
    {
        if (_counts.Length != rows)
        {
            _counts = new int[rows];
            _currents = new float[(long)rows * _outputs];
        }
    }

    /// <summary>Sums <see cref="_counts"/> into <see cref="InputEvents"/>.</summary>
    private long CountInputs()
    {
        long active = 0;
        foreach (int count in _counts)
        {
            active += count;
        }
        InputEvents = active;
        return active;
    }

    /// <summary>
    /// The tiled event-driven currents of spike lines <paramref name="masks"/> (coded against each of
    /// <paramref name="streams"/> streams' usual inputs where that saves additions; 0: no streams), when they need at most
    /// <see cref="SpikeProjection.TiledMaxActivity"/> of the dense additions; false (nothing done) otherwise.
    /// </summary>
    private bool TryEvents(SpikeMasks masks, int streams)
    {
        ComplementCoding? complement = streams > 0 ? ComplementCoding.TryCreate(masks, streams) : null;
        if ((complement?.Additions ?? masks.Count) > SpikeProjection.TiledMaxActivity * ((long)masks.Lines * _inputs))
        {
            return false;
        }
        EventAccumulation.Forward(masks, complement, _outputs, weightTransposed, bias is null ? default : bias.Span, _currents);
        Path = complement is null ? KernelPath.EventDriven : KernelPath.EventComplement;
        return true;
    }

    /// <summary>Row <paramref name="row"/> (t·B + b) of the last <c>Compute</c>'s currents.</summary>
    public ReadOnlySpan<float> Row(int row) => _currents.AsSpan(row * _outputs, _outputs);

    /// <summary>Active inputs of row <paramref name="row"/> of the last sequence.</summary>
    public int ActiveInputs(int row) => _counts[row];
}
