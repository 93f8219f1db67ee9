namespace Dendrite.Kernels;

/// <summary>
/// Pooling written as its definition, tap by tap with a bounds test each: the reference <see cref="Pooling2d"/>
/// is tested against. The max backward finds each window's winner again rather than trusting stored indices.
/// </summary>
public static class Pooling2dReference
{
    public static void MaxForward(in Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output)
    {
        g.CheckLengths(input.Length, output.Length);
        for (int plane = 0; plane < g.Planes; plane++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int winner = Winner(g, input, plane, oh, ow);
                    output[(plane * g.OutHeight + oh) * g.OutWidth + ow] = input[plane * g.InputPlane + winner];
                }
            }
        }
    }

    public static void MaxBackward(in Pool2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        g.CheckLengths(input.Length, gradOutput.Length);
        for (int plane = 0; plane < g.Planes; plane++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int winner = Winner(g, input, plane, oh, ow);
                    gradInput[plane * g.InputPlane + winner] += gradOutput[(plane * g.OutHeight + oh) * g.OutWidth + ow];
                }
            }
        }
    }

    public static void AvgForward(in Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, bool countIncludePad = true)
    {
        g.CheckLengths(input.Length, output.Length);
        for (int plane = 0; plane < g.Planes; plane++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    double sum = 0;
                    int padded = 0;
                    int real = 0;
                    for (int ki = 0; ki < g.KernelHeight; ki++)
                    {
                        for (int kj = 0; kj < g.KernelWidth; kj++)
                        {
                            int h = oh * g.StrideHeight - g.PaddingHeight + ki;
                            int w = ow * g.StrideWidth - g.PaddingWidth + kj;
                            if (h >= -g.PaddingHeight && h < g.Height + g.PaddingHeight && w >= -g.PaddingWidth && w < g.Width + g.PaddingWidth)
                            {
                                padded++;
                            }
                            if (h >= 0 && h < g.Height && w >= 0 && w < g.Width)
                            {
                                real++;
                                sum += input[plane * g.InputPlane + h * g.Width + w];
                            }
                        }
                    }
                    output[(plane * g.OutHeight + oh) * g.OutWidth + ow] = (float)(sum / (countIncludePad ? padded : real));
                }
            }
        }
    }

    public static void AvgBackward(in Pool2dGeometry g, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool countIncludePad = true)
    {
        g.CheckLengths(gradInput.Length, gradOutput.Length);
        for (int plane = 0; plane < g.Planes; plane++)
        {
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    int padded = 0;
                    int real = 0;
                    for (int ki = 0; ki < g.KernelHeight; ki++)
                    {
                        for (int kj = 0; kj < g.KernelWidth; kj++)
                        {
                            int h = oh * g.StrideHeight - g.PaddingHeight + ki;
                            int w = ow * g.StrideWidth - g.PaddingWidth + kj;
                            padded += h >= -g.PaddingHeight && h < g.Height + g.PaddingHeight && w >= -g.PaddingWidth && w < g.Width + g.PaddingWidth ? 1 : 0;
                            real += h >= 0 && h < g.Height && w >= 0 && w < g.Width ? 1 : 0;
                        }
                    }
                    double share = gradOutput[(plane * g.OutHeight + oh) * g.OutWidth + ow] / (double)(countIncludePad ? padded : real);
                    for (int ki = 0; ki < g.KernelHeight; ki++)
                    {
                        for (int kj = 0; kj < g.KernelWidth; kj++)
                        {
                            int h = oh * g.StrideHeight - g.PaddingHeight + ki;
                            int w = ow * g.StrideWidth - g.PaddingWidth + kj;
                            if (h >= 0 && h < g.Height && w >= 0 && w < g.Width)
                            {
                                gradInput[plane * g.InputPlane + h * g.Width + w] += (float)share;
                            }
                        }
                    }
                }
            }
        }
    }

    // The in-plane index of the window's maximum: strictly greater replaces (first wins ties), NaN always replaces.
    private static int Winner(in Pool2dGeometry g, ReadOnlySpan<float> input, int plane, int oh, int ow)
    {
        int winner = -1;
        float best = float.NegativeInfinity;
        for (int ki = 0; ki < g.KernelHeight; ki++)
        {
            for (int kj = 0; kj < g.KernelWidth; kj++)
            {
                int h = oh * g.StrideHeight - g.PaddingHeight + ki;
                int w = ow * g.StrideWidth - g.PaddingWidth + kj;
                if (h < 0 || h >= g.Height || w < 0 || w >= g.Width)
                {
                    continue;
                }
                float value = input[plane * g.InputPlane + h * g.Width + w];
                if (winner < 0 || value > best || float.IsNaN(value))
                {
                    winner = h * g.Width + w;
                    best = value;
                }
            }
        }
        return winner;
    }
}
