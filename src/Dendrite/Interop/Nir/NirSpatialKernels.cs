namespace Dendrite.Interop.Nir;

/// <summary>PyTorch-semantics convolution (cross-correlation; groups, stride, padding, dilation); Conv1d runs as height 1.</summary>
internal sealed class ConvolutionKernel : NirKernel
{
    private readonly double[] _weight;
    private readonly double[] _bias;
    private readonly int _cin, _h, _w, _cout, _ho, _wo, _kh, _kw, _sh, _sw, _ph, _pw, _dh, _dw, _groups;

    public ConvolutionKernel(NirPlanNode plan)
        : base((int)plan.InputShape.Aggregate(1L, (p, d) => p * d), (int)plan.OutputShape.Aggregate(1L, (p, d) => p * d))
    {
        NirNode node = plan.Node;
        bool oneD = node.Type == "Conv1d";
        long[] kernel = node.Array("weight").Shape[2..];
        long[] stride = NirShapes.PerAxis(node, "stride", kernel.Length, "graph", plan.Path);
        long[] dilation = NirShapes.PerAxis(node, "dilation", kernel.Length, "graph", plan.Path);
        long[] padding = NirShapes.Padding(node, kernel, dilation, "graph", plan.Path);
        _weight = node.Array("weight").Values;
        _bias = node.Array("bias").Values;
        _groups = (int)node.Array("groups").Values[0];
        (_cin, _cout) = ((int)plan.InputShape[0], (int)plan.OutputShape[0]);
        (_h, _w) = oneD ? (1, (int)plan.InputShape[1]) : ((int)plan.InputShape[1], (int)plan.InputShape[2]);
        (_ho, _wo) = oneD ? (1, (int)plan.OutputShape[1]) : ((int)plan.OutputShape[1], (int)plan.OutputShape[2]);
        (_kh, _kw) = oneD ? (1, (int)kernel[0]) : ((int)kernel[0], (int)kernel[1]);
        (_sh, _sw) = oneD ? (1, (int)stride[0]) : ((int)stride[0], (int)stride[1]);
        (_ph, _pw) = oneD ? (0, (int)padding[0]) : ((int)padding[0], (int)padding[1]);
        (_dh, _dw) = oneD ? (1, (int)dilation[0]) : ((int)dilation[0], (int)dilation[1]);
    }

    public override void Step(double[] input, double[] output, int batch)
    {
        int cinGroup = _cin / _groups;
        int coutGroup = _cout / _groups;
        for (int b = 0; b < batch; b++)
        {
            for (int co = 0; co < _cout; co++)
            {
                int g = co / coutGroup;
                for (int y = 0; y < _ho; y++)
                {
                    for (int x = 0; x < _wo; x++)
                    {
                        double sum = _bias[co];
                        for (int c = 0; c < cinGroup; c++)
                        {
                            int ci = g * cinGroup + c;
                            for (int ky = 0; ky < _kh; ky++)
                            {
                                int iy = y * _sh - _ph + ky * _dh;
                                for (int kx = 0; kx < _kw && iy >= 0 && iy < _h; kx++)
                                {
                                    int ix = x * _sw - _pw + kx * _dw;
                                    if (ix >= 0 && ix < _w)
                                    {
                                        sum += _weight[((co * cinGroup + c) * _kh + ky) * _kw + kx] * input[b * InputSize + (ci * _h + iy) * _w + ix];
                                    }
                                }
                            }
                        }
                        output[b * OutputSize + (co * _ho + y) * _wo + x] = sum;
                    }
                }
            }
        }
    }
}

/// <summary>SumPool2d (window sum, zero padding) and AvgPool2d (the same divided by kh·kw, as NIR defines it).</summary>
internal sealed class PoolKernel : NirKernel
{
    private readonly int _c, _h, _w, _ho, _wo, _kh, _kw, _sh, _sw, _ph, _pw;
    private readonly double _scale;

    public PoolKernel(NirPlanNode plan)
        : base((int)plan.InputShape.Aggregate(1L, (p, d) => p * d), (int)plan.OutputShape.Aggregate(1L, (p, d) => p * d))
    {
        long[] k = NirShapes.PerAxis(plan.Node, "kernel_size", 2, "graph", plan.Path);
        long[] s = NirShapes.PerAxis(plan.Node, "stride", 2, "graph", plan.Path);
        long[] p = NirShapes.PerAxis(plan.Node, "padding", 2, "graph", plan.Path);
        (_c, _h, _w) = ((int)plan.InputShape[0], (int)plan.InputShape[1], (int)plan.InputShape[2]);
        (_ho, _wo) = ((int)plan.OutputShape[1], (int)plan.OutputShape[2]);
        (_kh, _kw, _sh, _sw, _ph, _pw) = ((int)k[0], (int)k[1], (int)s[0], (int)s[1], (int)p[0], (int)p[1]);
        _scale = plan.Node.Type == "AvgPool2d" ? 1.0 / (_kh * _kw) : 1.0;
    }

    public override void Step(double[] input, double[] output, int batch)
    {
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < _c; c++)
            {
                for (int y = 0; y < _ho; y++)
                {
                    for (int x = 0; x < _wo; x++)
                    {
                        double sum = 0;
                        for (int ky = 0; ky < _kh; ky++)
                        {
                            int iy = y * _sh - _ph + ky;
                            for (int kx = 0; kx < _kw && iy >= 0 && iy < _h; kx++)
                            {
                                int ix = x * _sw - _pw + kx;
                                sum += ix >= 0 && ix < _w ? input[b * InputSize + (c * _h + iy) * _w + ix] : 0.0;
                            }
                        }
                        output[b * OutputSize + (c * _ho + y) * _wo + x] = sum * _scale;
                    }
                }
            }
        }
    }
}
