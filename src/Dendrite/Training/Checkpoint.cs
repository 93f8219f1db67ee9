using Dendrite.Interop;
using Dendrite.Learning;
using Dendrite.Learning.Pruning;
using Dendrite.Nn;
using Dendrite.Tensors;

namespace Dendrite.Training;

/// <summary>
/// Saves and restores a model, and its optimizer, as safetensors files (readable by Python's <c>safetensors</c>).
/// Tensor names are the modules' qualified names ("0.weight"); optimizer state is named after the parameter
/// it belongs to ("exp_avg.0.weight"), with the step count as an I64 scalar "step". Pruning masks, when given, are
/// extra F32 tensors in the model file named "mask." + the parameter name ("mask.0.weight"), 0 or 1 per weight.
/// </summary>
public static class Checkpoint
{
    private const string StepName = "step";

    /// <summary>Writes every parameter and buffer of <paramref name="model"/> atomically.</summary>
    public static void SaveModel(string path, Module model, IReadOnlyDictionary<string, string>? metadata = null, bool overwrite = false) =>
        Save(path, model, [], metadata, overwrite);

    /// <summary>Writes <paramref name="model"/> and the pruning masks of <paramref name="masks"/> into one file, atomically.</summary>
    public static void SaveModel(string path, Module model, Pruner masks, IReadOnlyDictionary<string, string>? metadata = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(masks);
        Save(path, model, masks.StateTensors(), metadata, overwrite);
    }

    /// <summary>
    /// Restores <paramref name="model"/> and the masks of <paramref name="masks"/> from a file written with masks, then applies
    /// the masks. Nothing is changed unless every tensor and mask is present, shaped right, and every mask holds only 0 and 1.
    /// </summary>
    /// <exception cref="CheckpointFormatException">A tensor or mask is missing, mis-shaped or (a mask) not 0/1; the message names the file and the tensor.</exception>
    public static IReadOnlyDictionary<string, string> LoadModel(string path, Module model, Pruner masks)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(masks);
        SafetensorsFile file = SafetensorsFile.Load(path);
        Dictionary<string, Tensor> saved = masks.StateTensors().ToDictionary(t => t.Name, t => new Tensor(t.Tensor.Shape), StringComparer.Ordinal);
        file.CopyTo(saved); // fresh tensors: nothing live changes if a mask is missing or mis-shaped
        foreach ((string name, Tensor mask) in saved)
        {
            int bad = mask.Span.IndexOfAnyExcept(0f, 1f);
            if (bad >= 0)
            {
                throw new CheckpointFormatException(file.Source, name, $"a pruning mask must hold only 0 and 1; element {bad} is {mask.Span[bad]}");
            }
        }
        file.CopyTo(model.StateTensors().ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal));
        masks.LoadStateTensors(saved.Select(t => (t.Key, t.Value)));
        return file.Metadata;
    }

    private static void Save(string path, Module model, IEnumerable<(string Name, Tensor Tensor)> extra, IReadOnlyDictionary<string, string>? metadata, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(model);
        var writer = new SafetensorsWriter();
        foreach ((string name, Tensor tensor) in model.StateTensors().Concat(extra))
        {
            writer.Add(name, tensor);
        }
        AddMetadata(writer, metadata);
        writer.Save(path, overwrite);
    }

    /// <summary>
    /// Restores every parameter and buffer of <paramref name="model"/> from <paramref name="path"/>.
    /// Nothing is changed unless every tensor is present with the right shape.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is malformed, or a tensor is missing or mis-shaped; the message names the file and the tensor.</exception>
    public static IReadOnlyDictionary<string, string> LoadModel(string path, Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        SafetensorsFile file = SafetensorsFile.Load(path);
        file.CopyTo(model.StateTensors().ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal));
        return file.Metadata;
    }

    /// <summary>Writes the optimizer's state (moments, step count) for the parameters of <paramref name="model"/>.</summary>
    public static void SaveOptimizer(string path, Optimizer optimizer, Module model, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var writer = new SafetensorsWriter();
        foreach ((string name, Tensor tensor) in optimizer.StateTensors(ParameterNames(optimizer, model)))
        {
            writer.Add(name, tensor);
        }
        writer.AddInt64(StepName, [optimizer.StepCount], []);
        writer.Save(path, overwrite);
    }

    /// <summary>Restores the optimizer's state saved by <see cref="SaveOptimizer"/>.</summary>
    public static void LoadOptimizer(string path, Optimizer optimizer, Module model)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        SafetensorsFile file = SafetensorsFile.Load(path);
        var targets = optimizer.StateTensors(ParameterNames(optimizer, model)).ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        if (!file.TryGetEntry(StepName, out SafetensorsEntry? step) || step!.ElementCount != 1 || !step.IsInteger)
        {
            throw new CheckpointFormatException(file.Source, StepName, "the optimizer step count (an integer scalar) is missing");
        }
        file.CopyTo(targets);
        optimizer.StepCount = step.ToInt64Array()[0];
    }

    // The qualified name of each optimizer parameter, found by identity in the model.
    private static string[] ParameterNames(Optimizer optimizer, Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var names = new Dictionary<Parameter, string>(ReferenceEqualityComparer.Instance);
        foreach ((string name, Parameter parameter) in model.NamedParameters())
        {
            names[parameter] = name;
        }
        return optimizer.Parameters.Select((p, i) => names.TryGetValue(p, out string? name)
            ? name
            : throw new ArgumentException($"Optimizer parameter {i} ('{p.Name}' {p.Shape}) does not belong to the model.", nameof(model))).ToArray();
    }

    private static void AddMetadata(SafetensorsWriter writer, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return;
        }
        foreach ((string key, string value) in metadata)
        {
            writer.Metadata[key] = value;
        }
    }
}
