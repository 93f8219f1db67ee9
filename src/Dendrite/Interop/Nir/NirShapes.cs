namespace Dendrite.Interop.Nir;

/// <summary>
/// Input and output shapes of each node type (batch and time excluded), as <c>NIRGraph.infer_types</c> computes them.
/// Shape-polymorphic nodes (pools, convolutions without <c>input_shape</c>) take the shape that arrives on their first edge.
/// </summary>
internal static class NirShapes
{
    public static (long[] In, long[] Out) Infer(NirNode node, long[]? incoming, string source, string path)
    {
        switch (node.Type)
        {
            case "Input" or "Output":
                long[] shape = node.Array("shape").ToInt64s();
                return (shape, shape);
            case "Affine" or "Linear":
                long[] w = node.Array("weight").Shape;
                if (w.Length < 2)
                {
                    throw new NirFormatException(source, path, $"'weight' must have at least 2 dimensions (N_out, N_in); it has shape [{string.Join(", ", w)}].");
                }
                if (node.Type == "Affine" && node.Array("bias").Count != w[^2])
                {
                    throw new NirFormatException(source, path, $"'bias' has {node.Array("bias").Count} values but 'weight' has {w[^2]} outputs.");
                }
                return ([.. w[..^2], w[^1]], [.. w[..^2], w[^2]]);
            case "Conv1d" or "Conv2d":
                return Convolution(node, incoming, source, path);
            case "SumPool2d" or "AvgPool2d":
                return Pool(node, incoming, source, path);
            case "Flatten":
                return Flatten(node, source, path);
            default:
                // Scale, Delay, Threshold and neurons act elementwise over their parameter's shape.
                long[] elementwise = node.Fields.Values.OfType<NirArray>().First().Shape;
                return (elementwise, elementwise);
        }
    }

    /// <summary>The PyTorch output length of one axis.</summary>
    public static long OutputLength(long length, long kernel, long stride, long padding, long dilation) =>
        stride <= 0 ? -1 : (length + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;

    /// <summary>A per-axis int parameter stored as a scalar or as one value per axis.</summary>
    public static long[] PerAxis(NirNode node, string name, int axes, string source, string path)
    {
        long[] values = node.Array(name).ToInt64s();
        if (values.Length == 1)
        {
            return Enumerable.Repeat(values[0], axes).ToArray();
        }
        if (values.Length != axes)
        {
            throw new NirFormatException(source, path, $"'{name}' must hold 1 or {axes} values; it holds {values.Length}.");
        }
        return values;
    }

    /// <summary>Padding per axis; "same" pads to keep the length (stride 1), "valid" is 0.</summary>
    public static long[] Padding(NirNode node, long[] kernel, long[] dilation, string source, string path)
    {
        if (node.Fields["padding"] is NirText text)
        {
            return text.Values[0] switch
            {
                "valid" => new long[kernel.Length],
                "same" => kernel.Select((k, i) => dilation[i] * (k - 1) / 2).ToArray(),
                _ => throw new NirFormatException(source, path, $"'padding' is '{text.Values[0]}'; expected a number, \"same\" or \"valid\"."),
            };
        }
        return PerAxis(node, "padding", kernel.Length, source, path);
    }

    private static (long[] In, long[] Out) Convolution(NirNode node, long[]? incoming, string source, string path)
    {
        int axes = node.Type == "Conv1d" ? 1 : 2;
        long[] w = node.Array("weight").Shape;
        if (w.Length != axes + 2)
        {
            throw new NirFormatException(source, path, $"'weight' of a {node.Type} must have {axes + 2} dimensions; it has shape [{string.Join(", ", w)}].");
        }
        long groups = node.Array("groups").ToInt64s().FirstOrDefault(1);
        long[] spatial = node.Fields.GetValueOrDefault("input_shape") is NirArray { Count: > 0 } declared ? declared.ToInt64s()
            : incoming is { Length: > 0 } ? incoming[1..] : throw new NirFormatException(source, path, $"{node.Type} has no 'input_shape' and no input edge to infer it from.");
        if (spatial.Length != axes)
        {
            throw new NirFormatException(source, path, $"'input_shape' must hold {axes} values; it holds {spatial.Length}.");
        }
        long[] kernel = w[2..];
        long[] stride = PerAxis(node, "stride", axes, source, path);
        long[] dilation = PerAxis(node, "dilation", axes, source, path);
        long[] padding = Padding(node, kernel, dilation, source, path);
        long[] output = spatial.Select((n, i) => OutputLength(n, kernel[i], stride[i], padding[i], dilation[i])).ToArray();
        if (groups <= 0 || w[0] % groups != 0 || output.Any(n => n <= 0) || node.Array("bias").Count != w[0])
        {
            throw new NirFormatException(source, path, $"inconsistent {node.Type}: weight [{string.Join(", ", w)}], groups {groups}, bias {node.Array("bias").Count} values, input [{string.Join(", ", spatial)}].");
        }
        return ([w[1] * groups, .. spatial], [w[0], .. output]);
    }

    private static (long[] In, long[] Out) Pool(NirNode node, long[]? incoming, string source, string path)
    {
        if (incoming is not { Length: 3 })
        {
            throw new NirFormatException(source, path, $"{node.Type} needs a (C, H, W) input; it receives {(incoming is null ? "nothing" : $"[{string.Join(", ", incoming)}]")}.");
        }
        long[] kernel = PerAxis(node, "kernel_size", 2, source, path);
        long[] stride = PerAxis(node, "stride", 2, source, path);
        long[] padding = PerAxis(node, "padding", 2, source, path);
        long h = OutputLength(incoming[1], kernel[0], stride[0], padding[0], 1);
        long w = OutputLength(incoming[2], kernel[1], stride[1], padding[1], 1);
        if (h <= 0 || w <= 0 || kernel.Any(k => k <= 0))
        {
            throw new NirFormatException(source, path, $"kernel [{string.Join(", ", kernel)}], stride [{string.Join(", ", stride)}] do not fit input [{string.Join(", ", incoming)}].");
        }
        return (incoming, [incoming[0], h, w]);
    }

    private static (long[] In, long[] Out) Flatten(NirNode node, string source, string path)
    {
        long[] input = node.Fields["input_type"] switch
        {
            NirArray a => a.ToInt64s(),
            NirGroup g when g.Entries.Values.FirstOrDefault() is NirArray a => a.ToInt64s(),
            _ => throw new NirFormatException(source, path, "'input_type' must be the input shape."),
        };
        long start = node.Fields.GetValueOrDefault("start_dim") is NirArray s ? s.ToInt64s()[0] : 1;
        long end = node.Fields.GetValueOrDefault("end_dim") is NirArray e ? e.ToInt64s()[0] : -1;
        // nir counts dims without the batch; negative dims count from the end.
        int first = (int)(start < 0 ? start + input.Length : start);
        int last = (int)(end < 0 ? end + input.Length : end);
        if (input.Length == 0 || first < 0 || last >= input.Length || first > last)
        {
            throw new NirFormatException(source, path, $"start_dim {start} / end_dim {end} do not fit input [{string.Join(", ", input)}].");
        }
        long merged = input[first..(last + 1)].Aggregate(1L, (p, d) => p * d);
        return (input, [.. input[..first], merged, .. input[(last + 1)..]]);
    }
}
