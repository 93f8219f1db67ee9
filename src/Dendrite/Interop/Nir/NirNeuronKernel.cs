namespace Dendrite.Interop.Nir;

/// <summary>
/// Forward-Euler dynamics of the NIR neuron nodes (I, IF, LI, LIF, CubaLI, CubaLIF) in double precision, written out
/// term by term as the specification states them; this is the reference the Dendrite layer mapping is tested against.
/// </summary>
internal sealed class NirNeuronKernel : NirKernel
{
    private readonly double _dt;
    private readonly NirConvention _convention;
    private readonly bool _leaky;
    private readonly bool _synapse;
    private readonly bool _spiking;
    private readonly double[] _r;
    private readonly double[]? _tau;
    private readonly double[] _vLeak;
    private readonly double[]? _threshold;
    private readonly double[] _vReset;
    private readonly double[]? _tauSyn;
    private readonly double[] _wIn;
    private double[] _v = [];
    private double[] _current = [];

    public NirNeuronKernel(NirNode node, int size, double dt, NirConvention convention, List<string> notes, string path)
        : base(size, size)
    {
        _dt = dt;
        _convention = convention;
        _leaky = node.Type is "LI" or "LIF" or "CubaLI" or "CubaLIF";
        _synapse = node.Type is "CubaLI" or "CubaLIF";
        _spiking = NirNodeTypes.Spikes(node.Type);
        double[] ones = Enumerable.Repeat(1.0, size).ToArray();
        double[] zeros = new double[size];
        _r = node.Array("r").Values;
        _tau = _synapse ? node.Array("tau_mem").Values : _leaky ? node.Array("tau").Values : null;
        _vLeak = _leaky ? node.Array("v_leak").Values : zeros;
        _threshold = _spiking ? node.Array("v_threshold").Values : null;
        _vReset = _spiking ? node.Array("v_reset").Values : zeros;
        _tauSyn = _synapse ? node.Array("tau_syn").Values : null;
        _wIn = _synapse ? node.Array("w_in").Values : ones;
        if (convention == NirConvention.Norse && !_synapse)
        {
            if (_r.Any(r => r != 1.0))
            {
                notes.Add($"{path}: Norse ignores r of {node.Type} (r ≠ 1 here); the input enters unscaled.");
            }
            _r = ones;
            if (_vReset.Any(v => v != 0.0))
            {
                notes.Add($"{path}: Norse does not pass v_reset; neurons reset to 0.");
            }
            _vReset = zeros;
        }
    }

    public override IEnumerable<(string Name, double[] Values)> States =>
        _synapse ? [("v", _v), ("i", _current)] : [("v", _v)];

    public override void Reset(int batch)
    {
        _v = new double[batch * OutputSize];
        _current = new double[batch * OutputSize];
    }

    public override void Step(double[] input, double[] output, int batch)
    {
        int n = OutputSize;
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < n; j++)
            {
                int k = b * n + j;
                double x = input[k];
                double current = x;
                if (_synapse)
                {
                    double leak = _convention == NirConvention.Norse ? _vLeak[j] : 0.0;
                    current = _current[k] + _dt / _tauSyn![j] * (leak - _current[k] + _wIn[j] * x);
                    _current[k] = current;
                }
                double v = _v[k];
                v = _leaky
                    ? v + _dt / _tau![j] * (_vLeak[j] - v + _r[j] * current)
                    : v + _dt * _r[j] * current;
                double z = 0.0;
                if (_spiking && v > _threshold![j])
                {
                    z = 1.0;
                    v = _vReset[j];
                }
                _v[k] = v;
                output[k] = _spiking ? z : v;
            }
        }
    }
}
