using System.Numerics;

namespace Dendrite.Learning.EProp;

/// <summary>
/// e-prop's per-synapse state for a batch: the eligibility vectors ε (one value per neuron state variable), this step's
/// trace e and its readout-filtered version ē, ē summed over the readout window, and e summed over the sequence (for
/// losses on spike counts). Sized by batch, neurons,
/// state and presynaptic width only, so memory does not grow with the sequence length.
/// </summary>
/// <remarks>
/// Per sample b, neuron j and presynaptic input i (learning.md §1.1, with J the local Jacobian of the step):
/// e^t = ∂z^t/∂s^{t−1}·ε^{t−1} + ∂z^t/∂I^t·x_i^t; ε^t = ∂s^t/∂s^{t−1}·ε^{t−1} + ∂s^t/∂I^t·x_i^t; ē^t = κ·ē^{t−1} + c·e^t,
/// where the readout maps spikes to its membrane by y^t = κ·y^{t−1} + c·W_out·z^t.
/// </remarks>
internal sealed class EligibilityTraces
{
    private readonly int _neurons;
    private readonly int _stateSize;
    private readonly int _presynaptic;
    private double[] _epsilon = [];
    private double[] _trace = [];
    private double[] _filtered = [];
    private double[] _window = [];
    private double[] _sum = [];

    public EligibilityTraces(int neurons, int stateSize, int presynaptic)
    {
        _neurons = neurons;
        _stateSize = stateSize;
        _presynaptic = presynaptic;
    }

    public int Batch { get; private set; }

    /// <summary>This step's traces e [B, N, P].</summary>
    public ReadOnlySpan<double> Trace => _trace;

    /// <summary>The readout-filtered traces ē [B, N, P].</summary>
    public ReadOnlySpan<double> Filtered => _filtered;

    /// <summary>Σ_t w_t·ē^t over the window so far [B, N, P] (see <see cref="AddToWindow"/>).</summary>
    public ReadOnlySpan<double> Window => _window;

    /// <summary>Σ_t e^t since the last reset [B, N, P]: the trace of a spike count Σ_t z^t.</summary>
    public ReadOnlySpan<double> Sum => _sum;

    /// <summary>Trace buffers of size [B, N, P] besides ε (e, ē, window, sum), for the memory count.</summary>
    public const int Buffers = 4;

    /// <summary>Zeroes every trace for a new sequence of <paramref name="batch"/> samples (reusing the buffers).</summary>
    public void Reset(int batch)
    {
        int synapses = checked(batch * _neurons * _presynaptic);
        if (batch != Batch)
        {
            _epsilon = new double[checked(synapses * _stateSize)];
            _trace = new double[synapses];
            _filtered = new double[synapses];
            _window = new double[synapses];
            _sum = new double[synapses];
            Batch = batch;
            return;
        }
        Array.Clear(_epsilon);
        Array.Clear(_trace);
        Array.Clear(_filtered);
        Array.Clear(_window);
        Array.Clear(_sum);
    }

    /// <summary>Advances the traces of neuron <paramref name="neuron"/> of sample <paramref name="sample"/> by one step.</summary>
    /// <param name="presynaptic">The sample's presynaptic activity this step [P].</param>
    /// <param name="state">∂s'/∂s [(S + 1)·S] from <see cref="LocalJacobian"/>; the last row is the output's.</param>
    /// <param name="current">∂s'/∂I and ∂z/∂I [S + 1].</param>
    /// <param name="decay">κ, the readout's decay.</param>
    /// <param name="gain">c, the readout's input gain.</param>
    public void Advance(int sample, int neuron, ReadOnlySpan<double> presynaptic, ReadOnlySpan<double> state,
        ReadOnlySpan<double> current, double decay, double gain)
    {
        int synapse = (sample * _neurons + neuron) * _presynaptic;
        Span<double> epsilon = _epsilon.AsSpan(synapse * _stateSize, _stateSize * _presynaptic);
        Span<double> trace = _trace.AsSpan(synapse, _presynaptic);
        Span<double> filtered = _filtered.AsSpan(synapse, _presynaptic);
        if (_stateSize == 1)
        {
            AdvanceScalar(presynaptic, epsilon, trace, filtered, state[0], current[0], state[1], current[1], decay, gain);
        }
        else if (_stateSize == 3)
        {
            AdvanceThree(presynaptic, epsilon, trace, filtered, state, current, decay, gain);
        }
        else
        {
            AdvanceReference(_stateSize, presynaptic, epsilon, trace, filtered, state, current, decay, gain);
        }
        Span<double> sum = _sum.AsSpan(synapse, _presynaptic);
        System.Numerics.Tensors.TensorPrimitives.Add(sum, trace, sum);
    }

    /// <summary>The general update for any state size: the reference the one-state kernel is tested against.</summary>
    internal static void AdvanceReference(int size, ReadOnlySpan<double> presynaptic, Span<double> epsilon, Span<double> trace,
        Span<double> filtered, ReadOnlySpan<double> state, ReadOnlySpan<double> current, double decay, double gain)
    {
        int p = presynaptic.Length;
        ReadOnlySpan<double> output = state.Slice(size * size, size);
        double outputCurrent = current[size];
        Span<double> next = stackalloc double[size];
        for (int i = 0; i < p; i++)
        {
            double x = presynaptic[i];
            double e = outputCurrent * x;
            for (int l = 0; l < size; l++)
            {
                e += output[l] * epsilon[l * p + i];
            }
            for (int k = 0; k < size; k++)
            {
                double value = current[k] * x;
                ReadOnlySpan<double> row = state.Slice(k * size, size);
                for (int l = 0; l < size; l++)
                {
                    value += row[l] * epsilon[l * p + i];
                }
                next[k] = value;
            }
            for (int k = 0; k < size; k++)
            {
                epsilon[k * p + i] = next[k];
            }
            trace[i] = e;
            filtered[i] = decay * filtered[i] + gain * e;
        }
    }

    // The one-state case (LIF) of the loop above without the inner loops: it is most of e-prop's time.
    internal static void AdvanceScalar(ReadOnlySpan<double> presynaptic, Span<double> epsilon, Span<double> trace, Span<double> filtered,
        double stateDecay, double stateInput, double outputState, double outputInput, double decay, double gain)
    {
        for (int i = 0; i < presynaptic.Length; i++)
        {
            double x = presynaptic[i];
            double old = epsilon[i];
            double e = outputState * old + outputInput * x;
            epsilon[i] = stateDecay * old + stateInput * x;
            trace[i] = e;
            filtered[i] = decay * filtered[i] + gain * e;
        }
    }

    /// <summary>
    /// The three-state case (ALIF: v, a, z_prev) of <see cref="AdvanceReference"/>, Vector&lt;double&gt; lanes across the
    /// presynaptic inputs. Same operations in the same order as the reference, so the results are bit-identical.
    /// </summary>
    internal static void AdvanceThree(ReadOnlySpan<double> presynaptic, Span<double> epsilon, Span<double> trace, Span<double> filtered,
        ReadOnlySpan<double> state, ReadOnlySpan<double> current, double decay, double gain)
    {
        int p = presynaptic.Length;
        Span<double> e0 = epsilon[..p];
        Span<double> e1 = epsilon.Slice(p, p);
        Span<double> e2 = epsilon.Slice(2 * p, p);
        (double j00, double j01, double j02, double j10, double j11, double j12, double j20, double j21, double j22) =
            (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7], state[8]);
        (double o0, double o1, double o2) = (state[9], state[10], state[11]);
        (double c0, double c1, double c2, double c3) = (current[0], current[1], current[2], current[3]);
        int i = 0;
        for (; i <= p - Vector<double>.Count; i += Vector<double>.Count)
        {
            var x = new Vector<double>(presynaptic[i..]);
            var a = new Vector<double>(e0[i..]);
            var b = new Vector<double>(e1[i..]);
            var c = new Vector<double>(e2[i..]);
            Vector<double> e = c3 * x + o0 * a + o1 * b + o2 * c;
            (c0 * x + j00 * a + j01 * b + j02 * c).CopyTo(e0[i..]);
            (c1 * x + j10 * a + j11 * b + j12 * c).CopyTo(e1[i..]);
            (c2 * x + j20 * a + j21 * b + j22 * c).CopyTo(e2[i..]);
            e.CopyTo(trace[i..]);
            (decay * new Vector<double>(filtered[i..]) + gain * e).CopyTo(filtered[i..]);
        }
        for (; i < p; i++)
        {
            double x = presynaptic[i];
            (double a, double b, double c) = (e0[i], e1[i], e2[i]);
            double e = c3 * x + o0 * a + o1 * b + o2 * c;
            e0[i] = c0 * x + j00 * a + j01 * b + j02 * c;
            e1[i] = c1 * x + j10 * a + j11 * b + j12 * c;
            e2[i] = c2 * x + j20 * a + j21 * b + j22 * c;
            trace[i] = e;
            filtered[i] = decay * filtered[i] + gain * e;
        }
    }

    /// <summary>Adds <paramref name="weight"/>·ē to the window sum: the readout's score weights step t by w_t.</summary>
    public void AddToWindow(double weight) =>
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_filtered, weight, _window, _window);
}
