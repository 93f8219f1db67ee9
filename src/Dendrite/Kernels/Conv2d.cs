using System.Buffers;
using System.Numerics.Tensors;

namespace Dendrite.Kernels;

/// <summary>
/// 2-D convolution (PyTorch's <c>conv2d</c>: cross-correlation, zero padding, stride, dilation, groups) over NCHW
/// data by im2col + GEMM. <see cref="Conv2dReference"/> is the direct seven-loop definition it is tested against.
/// </summary>
/// <remarks>
/// Small images are packed several samples side by side, so that one GEMM sees at least a few hundred columns
/// (late layers of a network have 8×8 planes; a 64-column GEMM wastes most of the micro-kernel). These chunks
/// are fixed by the shape alone and dealt out in contiguous runs, one run per worker (<see cref="KernelThreads.Count"/>),
/// so the forward pass and the input gradient make the same GEMM calls, and give the same bits, whatever the thread
/// count. The weight gradient sums per-worker partials in worker order: bit-identical for a given thread count,
/// and within float rounding of the single-thread result across thread counts.
/// A 1×1 convolution with stride 1 and no padding skips im2col: the input already is the patch matrix.
/// Backward kernels accumulate (+=) into their destinations, as the tape does.
/// </remarks>
public static class Conv2d
{
    // Below this many multiply-adds a call stays on one thread: fork/join costs more than it saves.
    private const long ParallelThreshold = 1L << 20;

    // Samples of small images are packed side by side until one GEMM has at least this many columns.
    private const int TargetColumns = 256;

    /// <summary>output [N, O, OH, OW] = conv(input [N, C, H, W], weight [O, C/groups, kH, kW]) + bias [O] (bias may be empty).</summary>
    public static unsafe void Forward(in Conv2dGeometry geometry, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output)
    {
        geometry.CheckLengths(input.Length, weight.Length, output.Length);
        CheckBias(geometry, bias.Length);
        Conv2dGeometry g = geometry;
        int workers = Workers(g);
        fixed (float* inputPointer = input, weightPointer = weight, biasPointer = bias, outputPointer = output)
        {
            // Spans cannot enter a lambda; the pinned addresses can (the arrays stay pinned until the workers join).
            nint x = (nint)inputPointer, w = (nint)weightPointer, b = (nint)biasPointer, y = (nint)outputPointer;
            int biasLength = bias.Length;
            WorkSplit.Run(workers, worker => ForwardRange(g,
                new ReadOnlySpan<float>((void*)x, g.InputLength), new ReadOnlySpan<float>((void*)w, g.WeightLength),
                new ReadOnlySpan<float>((void*)b, biasLength), new Span<float>((void*)y, g.OutputLength),
                FirstSample(g, workers, worker), FirstSample(g, workers, worker + 1)));
        }
    }

    /// <summary>gradInput [N, C, H, W] += the gradient of the output with respect to the input.</summary>
    public static unsafe void BackwardInput(in Conv2dGeometry geometry, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput)
    {
        geometry.CheckLengths(gradInput.Length, weight.Length, gradOutput.Length);
        Conv2dGeometry g = geometry;
        int workers = Workers(g);
        fixed (float* gradOutputPointer = gradOutput, weightPointer = weight, gradInputPointer = gradInput)
        {
            nint dy = (nint)gradOutputPointer, w = (nint)weightPointer, dx = (nint)gradInputPointer;
            WorkSplit.Run(workers, worker => BackwardInputRange(g,
                new ReadOnlySpan<float>((void*)dy, g.OutputLength), new ReadOnlySpan<float>((void*)w, g.WeightLength),
                new Span<float>((void*)dx, g.InputLength),
                FirstSample(g, workers, worker), FirstSample(g, workers, worker + 1)));
        }
    }

    /// <summary>gradWeight [O, C/groups, kH, kW] += the gradient of the output with respect to the weight.</summary>
    public static unsafe void BackwardWeight(in Conv2dGeometry geometry, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input,
        Span<float> gradWeight)
    {
        geometry.CheckLengths(input.Length, gradWeight.Length, gradOutput.Length);
        Conv2dGeometry g = geometry;
        int workers = Workers(g);
        // Worker 0 accumulates straight into gradWeight; the others into zeroed partials added afterwards in
        // worker order, so the sum is the same on every run with this thread count.
        float[][] partials = new float[workers - 1][];
        for (int i = 0; i < partials.Length; i++)
        {
            partials[i] = new float[g.WeightLength];
        }
        fixed (float* gradOutputPointer = gradOutput, inputPointer = input, gradWeightPointer = gradWeight)
        {
            nint dy = (nint)gradOutputPointer, x = (nint)inputPointer, dw = (nint)gradWeightPointer;
            WorkSplit.Run(workers, worker => BackwardWeightRange(g,
                new ReadOnlySpan<float>((void*)dy, g.OutputLength), new ReadOnlySpan<float>((void*)x, g.InputLength),
                worker == 0 ? new Span<float>((void*)dw, g.WeightLength) : partials[worker - 1],
                FirstSample(g, workers, worker), FirstSample(g, workers, worker + 1)));
        }
        foreach (float[] partial in partials)
        {
            TensorPrimitives.Add(gradWeight, partial, gradWeight);
        }
    }

    /// <summary>gradBias [O] += the sum of gradOutput over samples and pixels (accumulated in double, in a fixed order).</summary>
    public static void BackwardBias(in Conv2dGeometry geometry, ReadOnlySpan<float> gradOutput, Span<float> gradBias)
    {
        if (gradOutput.Length != geometry.OutputLength || gradBias.Length != geometry.OutChannels)
        {
            ThrowHelper.ThrowArgument(
                $"{geometry}: gradOutput has {gradOutput.Length} elements (expected {geometry.OutputLength}) and gradBias {gradBias.Length} (expected {geometry.OutChannels}).");
        }
        int plane = geometry.OutputPlane;
        for (int o = 0; o < geometry.OutChannels; o++)
        {
            double sum = 0;
            for (int n = 0; n < geometry.Batch; n++)
            {
                sum += TensorPrimitives.Sum(gradOutput.Slice((n * geometry.OutChannels + o) * plane, plane));
            }
            gradBias[o] += (float)sum;
        }
    }

    // Workers take whole chunks (the samples of one GEMM), so every GEMM call, and with it every forward and
    // input-gradient value, is the same whatever the thread count.
    private static int Workers(in Conv2dGeometry g) =>
        WorkSplit.Workers(Chunks(g), (long)g.Batch * g.OutChannels * g.PatchLength * g.OutputPlane, ParallelThreshold);

    private static int Chunks(in Conv2dGeometry g) => (g.Batch + SamplesPerGemm(g) - 1) / SamplesPerGemm(g);

    private static int FirstSample(in Conv2dGeometry g, int workers, int worker) =>
        Math.Min(g.Batch, WorkSplit.Start(Chunks(g), workers, worker) * SamplesPerGemm(g));

    // A 1×1 kernel with unit stride and no padding reads each pixel once, in place: no im2col needed.
    private static bool IsPointwise(in Conv2dGeometry g) =>
        g.KernelHeight == 1 && g.KernelWidth == 1 && g.StrideHeight == 1 && g.StrideWidth == 1 && g.PaddingHeight == 0 && g.PaddingWidth == 0;

    // Samples side by side in one GEMM: one for pointwise convolutions (read in place), else enough for TargetColumns.
    private static int SamplesPerGemm(in Conv2dGeometry g) =>
        IsPointwise(g) ? 1 : Math.Clamp((TargetColumns + g.OutputPlane - 1) / g.OutputPlane, 1, Math.Max(g.Batch, 1));

    private static void ForwardRange(in Conv2dGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, Span<float> output, int first, int end)
    {
        if (first >= end)
        {
            return;
        }
        int patch = g.PatchLength;
        int plane = g.OutputPlane;
        int groupOut = g.GroupOutChannels;
        bool pointwise = IsPointwise(g);
        int chunk = SamplesPerGemm(g);
        float[]? columns = pointwise ? null : ArrayPool<float>.Shared.Rent(patch * chunk * plane);
        float[]? packedOutput = chunk > 1 ? ArrayPool<float>.Shared.Rent(groupOut * chunk * plane) : null;
        try
        {
            for (int n0 = first; n0 < end; n0 += chunk)
            {
                int samples = Math.Min(chunk, end - n0);
                int width = samples * plane;
                for (int group = 0; group < g.Groups; group++)
                {
                    ReadOnlySpan<float> groupWeight = weight.Slice(group * groupOut * patch, groupOut * patch);
                    ReadOnlySpan<float> patches = pointwise
                        ? input.Slice(GroupInputOffset(g, n0, group), g.GroupInChannels * plane)
                        : PackColumns(g, input, columns!, n0, samples, group);
                    if (samples == 1)
                    {
                        Gemm.Multiply(false, false, groupOut, plane, patch, 1f, groupWeight, patch, patches, width,
                            0f, output.Slice(GroupOutputOffset(g, n0, group), groupOut * plane), plane);
                    }
                    else
                    {
                        Gemm.Multiply(false, false, groupOut, width, patch, 1f, groupWeight, patch, patches, width,
                            0f, packedOutput!, width);
                        for (int s = 0; s < samples; s++)
                        {
                            for (int o = 0; o < groupOut; o++)
                            {
                                packedOutput.AsSpan(o * width + s * plane, plane)
                                    .CopyTo(output.Slice(GroupOutputOffset(g, n0 + s, group) + o * plane, plane));
                            }
                        }
                    }
                }
                if (!bias.IsEmpty)
                {
                    for (int s = 0; s < samples; s++)
                    {
                        for (int o = 0; o < g.OutChannels; o++)
                        {
                            Span<float> row = output.Slice(((n0 + s) * g.OutChannels + o) * plane, plane);
                            TensorPrimitives.Add(row, bias[o], row);
                        }
                    }
                }
            }
        }
        finally
        {
            Return(columns);
            Return(packedOutput);
        }
    }

    private static void BackwardInputRange(in Conv2dGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight,
        Span<float> gradInput, int first, int end)
    {
        if (first >= end)
        {
            return;
        }
        int patch = g.PatchLength;
        int plane = g.OutputPlane;
        int groupOut = g.GroupOutChannels;
        bool pointwise = IsPointwise(g);
        int chunk = SamplesPerGemm(g);
        float[]? columns = pointwise ? null : ArrayPool<float>.Shared.Rent(patch * chunk * plane);
        float[]? packedGrad = chunk > 1 ? ArrayPool<float>.Shared.Rent(groupOut * chunk * plane) : null;
        try
        {
            for (int n0 = first; n0 < end; n0 += chunk)
            {
                int samples = Math.Min(chunk, end - n0);
                int width = samples * plane;
                for (int group = 0; group < g.Groups; group++)
                {
                    ReadOnlySpan<float> groupWeight = weight.Slice(group * groupOut * patch, groupOut * patch);
                    ReadOnlySpan<float> groupGrad = GatherGradOutput(g, gradOutput, packedGrad, n0, samples, group);
                    if (pointwise)
                    {
                        // dX_g += W_gᵀ·dY_g, written straight into the input gradient.
                        Gemm.Multiply(true, false, patch, plane, groupOut, 1f, groupWeight, patch, groupGrad, width,
                            1f, gradInput.Slice(GroupInputOffset(g, n0, group), g.GroupInChannels * plane), plane);
                        continue;
                    }
                    // Patch-matrix gradient W_gᵀ·dY_g, then each entry back to the pixel it came from.
                    Gemm.Multiply(true, false, patch, width, groupOut, 1f, groupWeight, patch, groupGrad, width,
                        0f, columns, width);
                    for (int s = 0; s < samples; s++)
                    {
                        Im2Col.UnpackAdd(g, columns, width, s * plane,
                            gradInput.Slice(GroupInputOffset(g, n0 + s, group), g.GroupInChannels * g.InputPlane));
                    }
                }
            }
        }
        finally
        {
            Return(columns);
            Return(packedGrad);
        }
    }

    private static void BackwardWeightRange(in Conv2dGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> input,
        Span<float> gradWeight, int first, int end)
    {
        if (first >= end)
        {
            return;
        }
        int patch = g.PatchLength;
        int plane = g.OutputPlane;
        int groupOut = g.GroupOutChannels;
        bool pointwise = IsPointwise(g);
        int chunk = SamplesPerGemm(g);
        float[]? columns = pointwise ? null : ArrayPool<float>.Shared.Rent(patch * chunk * plane);
        float[]? packedGrad = chunk > 1 ? ArrayPool<float>.Shared.Rent(groupOut * chunk * plane) : null;
        try
        {
            for (int n0 = first; n0 < end; n0 += chunk)
            {
                int samples = Math.Min(chunk, end - n0);
                int width = samples * plane;
                for (int group = 0; group < g.Groups; group++)
                {
                    ReadOnlySpan<float> groupGrad = GatherGradOutput(g, gradOutput, packedGrad, n0, samples, group);
                    ReadOnlySpan<float> patches = pointwise
                        ? input.Slice(GroupInputOffset(g, n0, group), g.GroupInChannels * plane)
                        : PackColumns(g, input, columns!, n0, samples, group);
                    // dW_g += dY_g·patchesᵀ: the sum over every pixel of every sample in the chunk is the GEMM's inner loop.
                    Gemm.Multiply(false, true, groupOut, patch, width, 1f, groupGrad, width, patches, width,
                        1f, gradWeight.Slice(group * groupOut * patch, groupOut * patch), patch);
                }
            }
        }
        finally
        {
            Return(columns);
            Return(packedGrad);
        }
    }

    // im2col of samples [n0, n0 + samples) of one group, side by side: [patch, samples·plane].
    private static ReadOnlySpan<float> PackColumns(in Conv2dGeometry g, ReadOnlySpan<float> input, float[] columns,
        int n0, int samples, int group)
    {
        int width = samples * g.OutputPlane;
        for (int s = 0; s < samples; s++)
        {
            Im2Col.Pack(g, input.Slice(GroupInputOffset(g, n0 + s, group), g.GroupInChannels * g.InputPlane),
                columns, width, s * g.OutputPlane);
        }
        return columns.AsSpan(0, g.PatchLength * width);
    }

    // The output gradient of one group for samples [n0, n0 + samples) as a [O/groups, samples·plane] matrix:
    // a view for one sample, a packed copy for several.
    private static ReadOnlySpan<float> GatherGradOutput(in Conv2dGeometry g, ReadOnlySpan<float> gradOutput, float[]? packed,
        int n0, int samples, int group)
    {
        int plane = g.OutputPlane;
        int groupOut = g.GroupOutChannels;
        if (samples == 1)
        {
            return gradOutput.Slice(GroupOutputOffset(g, n0, group), groupOut * plane);
        }
        int width = samples * plane;
        for (int s = 0; s < samples; s++)
        {
            for (int o = 0; o < groupOut; o++)
            {
                gradOutput.Slice(GroupOutputOffset(g, n0 + s, group) + o * plane, plane).CopyTo(packed.AsSpan(o * width + s * plane, plane));
            }
        }
        return packed.AsSpan(0, groupOut * width);
    }

    private static int GroupInputOffset(in Conv2dGeometry g, int sample, int group) =>
        (sample * g.InChannels + group * g.GroupInChannels) * g.InputPlane;

    private static int GroupOutputOffset(in Conv2dGeometry g, int sample, int group) =>
        (sample * g.OutChannels + group * g.GroupOutChannels) * g.OutputPlane;

    private static void Return(float[]? array)
    {
        if (array is not null)
        {
            ArrayPool<float>.Shared.Return(array);
        }
    }

    private static void CheckBias(in Conv2dGeometry g, int length)
    {
        if (length != 0 && length != g.OutChannels)
        {
            ThrowHelper.ThrowArgument($"{g}: bias has {length} elements; expected {g.OutChannels} (or none).", "bias");
        }
    }
}
