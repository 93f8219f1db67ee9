using Dendrite.Nn;
using Dendrite.Tensors;
using Dendrite.Training.Config;

namespace Dendrite.Training;

/// <summary>
/// Builds a <see cref="SpikingNetwork"/> from the <c>model:</c> section, tracking the per-step shape ([F] or [C, H, W]).
/// A neuron layer without <c>size</c> that follows a <c>linear</c> layer takes over that projection (snnTorch's
/// linear-then-leaky written as one fused layer, one GEMM over all steps); a neuron layer with <c>size</c> owns its
/// projection; a neuron layer without <c>size</c> anywhere else acts element-wise on the previous output (after conv2d or pool).
/// Conv2d and pool layers run all T·B frames as one batch.
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Builds the network for flat inputs of <paramref name="inputFeatures"/> features per step.</summary>
    public static SpikingNetwork Build(ModelConfig model, int inputFeatures, Rng rng, int truncation = 0) =>
        Build(model, [inputFeatures], rng, truncation);

    /// <summary>Builds the network for inputs of shape <paramref name="inputShape"/> per step ([F] or [C, H, W]).</summary>
    /// <param name="truncation">Truncated BPTT for every neuron layer: cut the gradient every this many steps (0: never).</param>
    /// <exception cref="ConfigException">A layer cannot follow the one before it; the message names its config line.</exception>
    public static SpikingNetwork Build(ModelConfig model, IReadOnlyList<int> inputShape, Rng rng, int truncation = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var network = new SpikingNetwork();
        int[] shape = [.. inputShape];
        if (shape.Length == 3 && model.Layers.FirstOrDefault() is not (Conv2dLayerConfig or PoolLayerConfig))
        {
            // A dense first layer reads each image step as one flat vector.
            shape = [shape.Aggregate(1, (a, b) => a * b)];
        }
        if (shape.Length == 3)
        {
            // Datasets hand over flat or image steps alike; the view makes them [T, B, C, H, W] for the conv layers.
            network.Add(new StepReshape(shape), new NetworkLayerInfo("image", false, shape.Aggregate(1, (a, b) => a * b), 0) { Shape = shape });
        }
        IReadOnlyList<LayerConfig> layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerConfig layer = layers[i];
            Rng layerRng = rng.Fork((ulong)i);
            int width = shape.Aggregate(1, (a, b) => a * b);
            switch (layer)
            {
                case LinearLayerConfig linear when i + 1 < layers.Count && layers[i + 1] is NeuronLayerConfig { Size: null } next:
                    RequireFlat(linear, shape);
                    network.Add(NeuronLayerFactory.Create(next, width, linear.Size, linear.Bias, layerRng, truncation), Info(next, linear.Size));
                    shape = [linear.Size];
                    i++;
                    break;
                case LinearLayerConfig linear:
                    RequireFlat(linear, shape);
                    network.Add(new Linear(width, linear.Size, layerRng, linear.Bias), new NetworkLayerInfo("linear", false, linear.Size, 0) { SynapsesPerInput = linear.Size });
                    shape = [linear.Size];
                    break;
                case NeuronLayerConfig { Size: int size } neuron:
                    RequireFlat(neuron, shape);
                    network.Add(NeuronLayerFactory.Create(neuron, width, size, neuron.Bias, layerRng, truncation), Info(neuron, size));
                    shape = [size];
                    break;
                case NeuronLayerConfig neuron:
                    if (neuron.Recurrent)
                    {
                        throw new ConfigException([$"{neuron.Origin}: model.layers[{neuron.Index}]: a {neuron.Kind} layer without 'size' acts element-wise and cannot be recurrent (give it a size)."]);
                    }
                    network.Add(NeuronLayerFactory.CreateElementwise(neuron, layerRng, truncation), Info(neuron, width) with { Shape = shape, SynapsesPerInput = 1 });
                    break;
                case Conv2dLayerConfig conv:
                    shape = AddConv(network, conv, shape, layerRng);
                    break;
                case PoolLayerConfig pool:
                    shape = AddPool(network, pool, shape);
                    break;
                case DropoutLayerConfig dropout:
                    network.Add(new Dropout((float)dropout.P, layerRng), new NetworkLayerInfo("dropout", false, width, 0) { Shape = shape });
                    break;
                default:
                    if (shape.Length != 1)
                    {
                        network.Add(new StepReshape([width]), new NetworkLayerInfo("flatten", false, width, 0));
                        shape = [width];
                    }
                    break;
            }
        }
        for (int i = 0; i < network.Info.Count; i++)
        {
            if (network.Info[i].Spiking)
            {
                network.SetFanOut(i, SynapticFanOut.Of(network.Info, i));
            }
        }
        return network;
    }

    /// <summary>The per-step input shape: model.input, which must describe the dataset's steps (e.g. [1, 28, 28] for 784
    /// pixels), or the dataset's own.</summary>
    /// <exception cref="ConfigException">model.input does not match the dataset.</exception>
    public static IReadOnlyList<int> InputShape(TrainConfig config, TrainingTask task)
    {
        if (config.Model.InputShape is not { } shape)
        {
            return task.InputShape;
        }
        if (shape.Aggregate(1, (a, b) => a * b) != task.Features)
        {
            throw new ConfigException([$"{config.SourcePath}: model.input: [{string.Join(", ", shape)}] does not match the dataset's {task.Features} values per step ([{string.Join(", ", task.InputShape)}])."]);
        }
        return shape;
    }

    private static int[] AddConv(SpikingNetwork network, Conv2dLayerConfig conv, int[] shape, Rng rng)
    {
        int[] image = ImageShape(conv, shape);
        int height = (image[1] + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;
        int width = (image[2] + 2 * conv.Padding - conv.Kernel) / conv.Stride + 1;
        if (height <= 0 || width <= 0)
        {
            throw new ConfigException([$"{conv.Origin}: model.layers[{conv.Index}]: a {conv.Kernel}×{conv.Kernel} kernel (padding {conv.Padding}) does not fit the {image[1]}×{image[2]} input."]);
        }
        int[] output = [conv.Channels, height, width];
        var module = new Conv2d(image[0], conv.Channels, conv.Kernel, rng, conv.Stride, conv.Padding, bias: conv.Bias);
        // Only the network's input can repeat one image over time (direct input); later layers see spikes.
        bool onInput = network.Info.All(i => i.Name == "image");
        network.Add(onInput ? new StaticInputConv2d(module) : module,
            new NetworkLayerInfo("conv2d", false, conv.Channels * height * width, 0)
            {
                Shape = output,
                // Each input element reaches out_channels·k² weights at k²/stride² of the output positions' windows on average.
                SynapsesPerInput = (double)conv.Channels * conv.Kernel * conv.Kernel / (conv.Stride * conv.Stride),
            });
        return output;
    }

    private static int[] AddPool(SpikingNetwork network, PoolLayerConfig pool, int[] shape)
    {
        int[] image = ImageShape(pool, shape);
        int height = (image[1] - pool.Kernel) / pool.Stride + 1;
        int width = (image[2] - pool.Kernel) / pool.Stride + 1;
        if (height <= 0 || width <= 0)
        {
            throw new ConfigException([$"{pool.Origin}: model.layers[{pool.Index}]: a {pool.Kernel}×{pool.Kernel} pool does not fit the {image[1]}×{image[2]} input."]);
        }
        int[] output = [image[0], height, width];
        Module module = pool.Kind == PoolKind.Avg ? new AvgPool2d(pool.Kernel, pool.Stride) : new MaxPool2d(pool.Kernel, pool.Stride);
        network.Add(module, new NetworkLayerInfo($"{pool.Kind.ToString().ToLowerInvariant()}pool", false, image[0] * height * width, 0)
        {
            Shape = output,
            // A pooled window passes on one value for its k² inputs; overlapping windows (stride < k) see an input ⌈k/s⌉² times.
            PassThrough = Math.Pow(Math.Ceiling((double)pool.Kernel / pool.Stride), 2) / (pool.Kernel * pool.Kernel),
        });
        return output;
    }

    private static int[] ImageShape(LayerConfig layer, int[] shape) => shape.Length == 3 ? shape :
        throw new ConfigException([$"{layer.Origin}: model.layers[{layer.Index}]: a {layer.Type} layer needs an image input [C, H, W], but its input is [{string.Join(", ", shape)}] (set model.input, e.g. [1, 28, 28], and keep conv/pool layers before flatten)."]);

    private static void RequireFlat(LayerConfig layer, int[] shape)
    {
        if (shape.Length != 1)
        {
            throw new ConfigException([$"{layer.Origin}: model.layers[{layer.Index}]: a {layer.Type} layer needs a flat input, but its input is [{string.Join(", ", shape)}] (put a flatten layer before it)."]);
        }
    }

    private static NetworkLayerInfo Info(NeuronLayerConfig neuron, int size) =>
        new(neuron.Kind.ToString().ToLowerInvariant(), neuron.Kind != NeuronKind.Li, size, 0) { SynapsesPerInput = size };
}
