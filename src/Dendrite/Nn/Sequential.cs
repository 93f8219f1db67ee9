using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>Applies its modules in order; they are named "0", "1", ... in checkpoints.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _modules = [];

    public Sequential(params Module[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        foreach (Module module in modules)
        {
            Add(module);
        }
    }

    public IReadOnlyList<Module> Modules => _modules;

    public Sequential Add(Module module)
    {
        RegisterModule(_modules.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
        _modules.Add(module);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        Tensor x = input;
        foreach (Module module in _modules)
        {
            x = module.Forward(x);
        }
        return x;
    }
}
