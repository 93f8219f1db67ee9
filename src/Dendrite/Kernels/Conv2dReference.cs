namespace Dendrite.Kernels;

/// <summary>
/// The direct convolution, written as its definition: an algorithmic reference for <see cref="Conv2d"/>
/// (tests compare the two), as llm.c keeps <c>matmul_forward_naive</c>. Sums accumulate in double.
/// </summary>
/// <remarks>
/// y[n, o, i, j] = b[o] + Σ_{c, ki, kj} w[o, c, ki, kj] · x[n, g·C/groups + c, i·sH − pH + ki·dH, j·sW − pW + kj·dW],
/// where g = o / (O/groups) and taps outside the input read zero. Backward kernels accumulate (+=).
/// </remarks>
public static class Conv2dReference
{
    public static void Forward(in Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        g.CheckLengths(input.Length, weight.Length, output.Length);
        for (int n = 0; n < g.Batch; n++)
        {
            for (int o = 0; o < g.OutChannels; o++)
            {
                for (int i = 0; i < g.OutHeight; i++)
                {
                    for (int j = 0; j < g.OutWidth; j++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[o];
                        for (int c = 0; c < g.GroupInChannels; c++)
                        {
                            for (int ki = 0; ki < g.KernelHeight; ki++)
                            {
                                for (int kj = 0; kj < g.KernelWidth; kj++)
                                {
                                    if (TryInputIndex(g, n, o, c, i, j, ki, kj, out int index))
                                    {
                                        sum += (double)weight[WeightIndex(g, o, c, ki, kj)] * input[index];
                                    }
                                }
                            }
                        }
                        output[OutputIndex(g, n, o, i, j)] = (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>gradInput += ∂(Σ gradOutput·y)/∂x: each output's gradient scattered back through the taps that made it.</summary>
    public static void BackwardInput(in Conv2dGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
    {
        g.CheckLengths(gradInput.Length, weight.Length, gradOutput.Length);
        var sums = new double[gradInput.Length];
        for (int n = 0; n < g.Batch; n++)
        {
            for (int o = 0; o < g.OutChannels; o++)
            {
                for (int i = 0; i < g.OutHeight; i++)
                {
                    for (int j = 0; j < g.OutWidth; j++)
                    {
                        double upstream = gradOutput[OutputIndex(g, n, o, i, j)];
                        for (int c = 0; c < g.GroupInChannels; c++)
                        {
                            for (int ki = 0; ki < g.KernelHeight; ki++)
                            {
                                for (int kj = 0; kj < g.KernelWidth; kj++)
                                {
                                    if (TryInputIndex(g, n, o, c, i, j, ki, kj, out int index))
                                    {
                                        sums[index] += upstream * weight[WeightIndex(g, o, c, ki, kj)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (int i = 0; i < sums.Length; i++)
        {
            gradInput[i] += (float)sums[i];
        }
    }

    /// <summary>gradWeight += Σ over samples and output pixels of gradOutput · the input pixel each tap read.</summary>
    public static void BackwardWeight(in Conv2dGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input, Span<float> gradWeight)
    {
        g.CheckLengths(input.Length, gradWeight.Length, gradOutput.Length);
        for (int o = 0; o < g.OutChannels; o++)
        {
            for (int c = 0; c < g.GroupInChannels; c++)
            {
                for (int ki = 0; ki < g.KernelHeight; ki++)
                {
                    for (int kj = 0; kj < g.KernelWidth; kj++)
                    {
                        double sum = 0;
                        for (int n = 0; n < g.Batch; n++)
                        {
                            for (int i = 0; i < g.OutHeight; i++)
                            {
                                for (int j = 0; j < g.OutWidth; j++)
                                {
                                    if (TryInputIndex(g, n, o, c, i, j, ki, kj, out int index))
                                    {
                                        sum += (double)gradOutput[OutputIndex(g, n, o, i, j)] * input[index];
                                    }
                                }
                            }
                        }
                        gradWeight[WeightIndex(g, o, c, ki, kj)] += (float)sum;
                    }
                }
            }
        }
    }

    /// <summary>gradBias[o] += Σ over samples and pixels of gradOutput[n, o].</summary>
    public static void BackwardBias(in Conv2dGeometry g, ReadOnlySpan<float> gradOutput, Span<float> gradBias)
    {
        for (int o = 0; o < g.OutChannels; o++)
        {
            double sum = 0;
            for (int n = 0; n < g.Batch; n++)
            {
                for (int i = 0; i < g.OutHeight; i++)
                {
                    for (int j = 0; j < g.OutWidth; j++)
                    {
                        sum += gradOutput[OutputIndex(g, n, o, i, j)];
                    }
                }
            }
            gradBias[o] += (float)sum;
        }
    }

    // The flat input index that output (n, o, i, j) reads through tap (c, ki, kj) of its group, or false in the padding.
    private static bool TryInputIndex(in Conv2dGeometry g, int n, int o, int c, int i, int j, int ki, int kj, out int index)
    {
        int channel = o / g.GroupOutChannels * g.GroupInChannels + c;
        int row = i * g.StrideHeight - g.PaddingHeight + ki * g.DilationHeight;
        int column = j * g.StrideWidth - g.PaddingWidth + kj * g.DilationWidth;
        bool inside = row >= 0 && row < g.Height && column >= 0 && column < g.Width;
        index = inside ? ((n * g.InChannels + channel) * g.Height + row) * g.Width + column : -1;
        return inside;
    }

    private static int WeightIndex(in Conv2dGeometry g, int o, int c, int ki, int kj) =>
        ((o * g.GroupInChannels + c) * g.KernelHeight + ki) * g.KernelWidth + kj;

    private static int OutputIndex(in Conv2dGeometry g, int n, int o, int i, int j) =>
        ((n * g.OutChannels + o) * g.OutHeight + i) * g.OutWidth + j;
}
