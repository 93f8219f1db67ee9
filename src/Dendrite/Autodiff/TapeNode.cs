using Dendrite.Tensors;

namespace Dendrite.Autodiff;

/// <summary>
/// One recorded operation: its outputs, and a backward pass that reads the outputs' gradients and
/// accumulates (+=) into the gradients of the inputs that require them.
/// </summary>
/// <remarks>
/// A fused operation (a whole neuron layer over time) is one node with a hand-written backward:
/// derive from this class, keep what the backward needs, and record it with <see cref="Tape.Record(TapeNode)"/>.
/// </remarks>
public abstract class TapeNode
{
    protected TapeNode(params Tensor[] outputs)
    {
        Outputs = outputs;
    }

    /// <summary>The tensors this operation produced. Backward runs when at least one has a gradient.</summary>
    public Tensor[] Outputs { get; }

    /// <summary>A short name for errors and profiles, e.g. "MatMul".</summary>
    public virtual string Name => GetType().Name.Replace("Node", "", StringComparison.Ordinal);

    /// <summary>Accumulates input gradients from the outputs' gradients (a null output gradient means zero).</summary>
    public abstract void Backward();

    /// <summary>
    /// Called once when the tape forgets this node (disposed or cleared): a node that rented what it keeps for its backward
    /// from the buffer pool returns it here. The node's backward never runs after this.
    /// </summary>
    protected internal virtual void Release()
    {
    }
}

/// <summary>A node whose backward is a delegate: the form most primitive operations use.</summary>
internal sealed class DelegateNode : TapeNode
{
    private readonly Action<Tensor> _backward;
    private readonly string _name;

    public DelegateNode(string name, Tensor output, Action<Tensor> backward)
        : base(output)
    {
        _name = name;
        _backward = backward;
    }

    public override string Name => _name;

    public override void Backward() => _backward(Outputs[0].Grad!);
}
