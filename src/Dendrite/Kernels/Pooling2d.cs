namespace Dendrite.Kernels;

/// <summary>
/// Max and average pooling over NCHW data (PyTorch's <c>max_pool2d</c> and <c>avg_pool2d</c>, <c>ceil_mode=False</c>).
/// <see cref="Pooling2dReference"/> is the per-tap definition these are tested against.
/// </summary>
/// <remarks>
/// Each window is clipped to the input once, so the inner loops carry no bounds tests, and planes (N·C of them)
/// are split across <see cref="KernelThreads.Count"/> workers. Every output depends on one plane only, so results
/// do not depend on the thread count. Backward kernels accumulate (+=) into their destinations.
/// </remarks>
public static class Pooling2d
{
    // Below this many window taps (about a quarter of a millisecond) a call stays on one thread.
    private const long ParallelThreshold = 1L << 18;

    /// <summary>
    /// output = the maximum of each window; <paramref name="argMax"/> = its index within the input plane (h·W + w).
    /// Padding never wins. On ties the first index in row-major window order wins; a NaN wins (the last NaN), as PyTorch.
    /// </summary>
    public static unsafe void MaxForward(in Pool2dGeometry geometry, ReadOnlySpan<float> input, Span<float> output, Span<int> argMax)
    {
        geometry.CheckLengths(input.Length, output.Length);
        CheckIndices(geometry, argMax.Length);
        Pool2dGeometry g = geometry;
        fixed (float* inputPointer = input, outputPointer = output)
        fixed (int* argMaxPointer = argMax)
        {
            nint x = (nint)inputPointer, y = (nint)outputPointer, index = (nint)argMaxPointer;
            ForEachPlaneRange(g, (first, end) => MaxForwardPlanes(g,
                new ReadOnlySpan<float>((void*)x, g.InputLength), new Span<float>((void*)y, g.OutputLength),
                new Span<int>((void*)index, g.OutputLength), first, end));
        }
    }

    /// <summary>gradInput[argMax] += gradOutput: each output's gradient goes to the input pixel that won its window.</summary>
    public static unsafe void MaxBackward(in Pool2dGeometry geometry, ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> argMax, Span<float> gradInput)
    {
        geometry.CheckLengths(gradInput.Length, gradOutput.Length);
        CheckIndices(geometry, argMax.Length);
        Pool2dGeometry g = geometry;
        fixed (float* gradOutputPointer = gradOutput, gradInputPointer = gradInput)
        fixed (int* argMaxPointer = argMax)
        {
            nint dy = (nint)gradOutputPointer, dx = (nint)gradInputPointer, index = (nint)argMaxPointer;
            ForEachPlaneRange(g, (first, end) =>
            {
                var upstream = new ReadOnlySpan<float>((void*)dy, g.OutputLength);
                var winners = new ReadOnlySpan<int>((void*)index, g.OutputLength);
                var destination = new Span<float>((void*)dx, g.InputLength);
                for (int plane = first; plane < end; plane++)
                {
                    Span<float> inputPlane = destination.Slice(plane * g.InputPlane, g.InputPlane);
                    int outputStart = plane * g.OutputPlane;
                    for (int p = 0; p < g.OutputPlane; p++)
                    {
                        inputPlane[winners[outputStart + p]] += upstream[outputStart + p];
                    }
                }
            });
        }
    }

    /// <summary>
    /// output = the mean of each window. With <paramref name="countIncludePad"/> (PyTorch's default) padding counts
    /// as zeros in the divisor (kH·kW); without, the divisor is the number of real input pixels in the window.
    /// </summary>
    public static unsafe void AvgForward(in Pool2dGeometry geometry, ReadOnlySpan<float> input, Span<float> output, bool countIncludePad = true)
    {
        geometry.CheckLengths(input.Length, output.Length);
        Pool2dGeometry g = geometry;
        fixed (float* inputPointer = input, outputPointer = output)
        {
            nint x = (nint)inputPointer, y = (nint)outputPointer;
            ForEachPlaneRange(g, (first, end) =>
            {
                var source = new ReadOnlySpan<float>((void*)x, g.InputLength);
                var destination = new Span<float>((void*)y, g.OutputLength);
                for (int plane = first; plane < end; plane++)
                {
                    ReadOnlySpan<float> inputPlane = source.Slice(plane * g.InputPlane, g.InputPlane);
                    Span<float> outputPlane = destination.Slice(plane * g.OutputPlane, g.OutputPlane);
                    for (int oh = 0; oh < g.OutHeight; oh++)
                    {
                        for (int ow = 0; ow < g.OutWidth; ow++)
                        {
                            (int r0, int r1, int c0, int c1) = g.Window(oh, ow);
                            float sum = 0f;
                            for (int r = r0; r < r1; r++)
                            {
                                ReadOnlySpan<float> row = inputPlane.Slice(r * g.Width + c0, c1 - c0);
                                foreach (float value in row)
                                {
                                    sum += value;
                                }
                            }
                            outputPlane[oh * g.OutWidth + ow] = sum / g.AverageDivisor(oh, ow, countIncludePad);
                        }
                    }
                }
            });
        }
    }

    /// <summary>gradInput += each output's gradient divided by its divisor, spread over the real pixels of its window.</summary>
    public static unsafe void AvgBackward(in Pool2dGeometry geometry, ReadOnlySpan<float> gradOutput, Span<float> gradInput, bool countIncludePad = true)
    {
        geometry.CheckLengths(gradInput.Length, gradOutput.Length);
        Pool2dGeometry g = geometry;
        fixed (float* gradOutputPointer = gradOutput, gradInputPointer = gradInput)
        {
            nint dy = (nint)gradOutputPointer, dx = (nint)gradInputPointer;
            ForEachPlaneRange(g, (first, end) =>
            {
                var upstream = new ReadOnlySpan<float>((void*)dy, g.OutputLength);
                var destination = new Span<float>((void*)dx, g.InputLength);
                for (int plane = first; plane < end; plane++)
                {
                    Span<float> inputPlane = destination.Slice(plane * g.InputPlane, g.InputPlane);
                    ReadOnlySpan<float> outputPlane = upstream.Slice(plane * g.OutputPlane, g.OutputPlane);
                    for (int oh = 0; oh < g.OutHeight; oh++)
                    {
                        for (int ow = 0; ow < g.OutWidth; ow++)
                        {
                            (int r0, int r1, int c0, int c1) = g.Window(oh, ow);
                            float share = outputPlane[oh * g.OutWidth + ow] / g.AverageDivisor(oh, ow, countIncludePad);
                            for (int r = r0; r < r1; r++)
                            {
                                Span<float> row = inputPlane.Slice(r * g.Width + c0, c1 - c0);
                                for (int i = 0; i < row.Length; i++)
                                {
                                    row[i] += share;
                                }
                            }
                        }
                    }
                }
            });
        }
    }

    private static void MaxForwardPlanes(in Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argMax, int first, int end)
    {
        if (g.KernelHeight == 2 && g.KernelWidth == 2 && g.PaddingHeight == 0 && g.PaddingWidth == 0)
        {
            MaxForward2x2Planes(g, input, output, argMax, first, end);
            return;
        }
        for (int plane = first; plane < end; plane++)
        {
            ReadOnlySpan<float> inputPlane = input.Slice(plane * g.InputPlane, g.InputPlane);
            int outputStart = plane * g.OutputPlane;
            for (int oh = 0; oh < g.OutHeight; oh++)
            {
                for (int ow = 0; ow < g.OutWidth; ow++)
                {
                    (int r0, int r1, int c0, int c1) = g.Window(oh, ow);
                    int best = r0 * g.Width + c0;
                    float bestValue = float.NegativeInfinity;
                    for (int r = r0; r < r1; r++)
                    {
                        for (int index = r * g.Width + c0, rowEnd = r * g.Width + c1; index < rowEnd; index++)
                        {
                            float value = inputPlane[index];
                            if (value > bestValue || float.IsNaN(value))
                            {
                                best = index;
                                bestValue = value;
                            }
                        }
                    }
                    output[outputStart + oh * g.OutWidth + ow] = bestValue;
                    argMax[outputStart + oh * g.OutWidth + ow] = best;
                }
            }
        }
    }

    // The common 2×2 unpadded window: every window lies inside the plane (no ceil mode), so no clipping and the four
    // taps unrolled in row-major order; the comparison is MaxForwardPlanes' own, so ties and NaNs resolve alike.
    private static unsafe void MaxForward2x2Planes(in Pool2dGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> argMax,
        int first, int end)
    {
        int width = g.Width;
        int outHeight = g.OutHeight, outWidth = g.OutWidth;
        int strideHeight = g.StrideHeight, strideWidth = g.StrideWidth;
        ReadOnlySpan<float> planes = input.Slice(first * g.InputPlane, (end - first) * g.InputPlane);
        Span<float> values = output.Slice(first * g.OutputPlane, (end - first) * g.OutputPlane);
        Span<int> winners = argMax.Slice(first * g.OutputPlane, (end - first) * g.OutputPlane);
        fixed (float* x = planes, y = values)
        fixed (int* index = winners)
        {
            for (int plane = 0; plane < end - first; plane++)
            {
                float* source = x + (nint)plane * g.InputPlane;
                int o = plane * g.OutputPlane;
                for (int oh = 0; oh < outHeight; oh++)
                {
                    int top = oh * strideHeight * width;
                    for (int ow = 0; ow < outWidth; ow++, o++)
                    {
                        int best = top + ow * strideWidth;
                        float bestValue = source[best];
                        int tap = best + 1;
                        Take(source[tap], tap, ref bestValue, ref best);
                        tap += width - 1;
                        Take(source[tap], tap, ref bestValue, ref best);
                        tap++;
                        Take(source[tap], tap, ref bestValue, ref best);
                        y[o] = bestValue;
                        index[o] = best;
                    }
                }
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Take(float value, int tap, ref float bestValue, ref int best)
    {
        if (value > bestValue || float.IsNaN(value))
        {
            best = tap;
            bestValue = value;
        }
    }

    private static void ForEachPlaneRange(Pool2dGeometry g, Action<int, int> body)
    {
        int planes = g.Planes;
        int workers = WorkSplit.Workers(planes, (long)g.OutputLength * g.KernelHeight * g.KernelWidth, ParallelThreshold);
        WorkSplit.Run(workers, worker => body(WorkSplit.Start(planes, workers, worker), WorkSplit.Start(planes, workers, worker + 1)));
    }

    private static void CheckIndices(in Pool2dGeometry g, int length)
    {
        if (length != g.OutputLength)
        {
            ThrowHelper.ThrowArgument($"{g}: argMax has {length} elements; expected {g.OutputLength}.", "argMax");
        }
    }
}
