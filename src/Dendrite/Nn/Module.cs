using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>
/// A network building block. Parameters, buffers and child modules are registered explicitly (no reflection),
/// so enumeration order, and with it the checkpoint layout, is the registration order.
/// </summary>
public abstract class Module
{
    private readonly List<Parameter> _parameters = [];
    private readonly List<(string Name, Tensor Tensor)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>Training mode (dropout active, statistics updated). Set recursively with <see cref="Train"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Maps an input to an output; for layers over time the tensors are time-major [T, B, ...].</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Sets training mode on this module and every descendant.</summary>
    public void Train(bool training = true)
    {
        Training = training;
        foreach ((_, Module child) in _children)
        {
            child.Train(training);
        }
    }

    /// <summary>Evaluation mode: <c>Train(false)</c>.</summary>
    public void Eval() => Train(false);

    /// <summary>All parameters, this module's first, then each child's, in registration order.</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Parameters with dotted qualified names, e.g. "0.weight".</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        foreach (Parameter parameter in _parameters)
        {
            yield return (prefix + parameter.Name, parameter);
        }
        foreach ((string name, Module child) in _children)
        {
            foreach ((string Name, Parameter Parameter) item in child.NamedParameters(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    /// <summary>Every tensor a checkpoint must hold: parameters and buffers, with qualified names.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> StateTensors(string prefix = "")
    {
        foreach (Parameter parameter in _parameters)
        {
            yield return (prefix + parameter.Name, parameter.Value);
        }
        foreach ((string name, Tensor tensor) in _buffers)
        {
            yield return (prefix + name, tensor);
        }
        foreach ((string name, Module child) in _children)
        {
            foreach ((string Name, Tensor Tensor) item in child.StateTensors(prefix + name + "."))
            {
                yield return item;
            }
        }
    }

    /// <summary>Child modules with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> Children() => _children;

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (Parameter parameter in Parameters())
        {
            parameter.Grad?.Span.Clear();
        }
    }

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Value.Length);

    protected Parameter RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        var parameter = new Parameter(name, value);
        _parameters.Add(parameter);
        return parameter;
    }

    /// <summary>Registers a non-trainable tensor that belongs in checkpoints (a mask, a running statistic).</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(value);
        _buffers.Add((name, value));
        return value;
    }

    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(module);
        _children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            ThrowHelper.ThrowArgument($"Module member name '{name}' must not contain '.', which separates qualified names.", nameof(name));
        }
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
        {
            ThrowHelper.ThrowArgument($"{GetType().Name} already has a member named '{name}'.", nameof(name));
        }
    }
}
