using Dendrite.Tensors;

namespace Dendrite.Autodiff;

/// <summary>
/// Reverse-mode automatic differentiation by a Wengert tape: operations are recorded in execution order
/// while a tape is active on this thread, and <see cref="Backward"/> walks them in reverse with a loop.
/// </summary>
/// <remarks>
/// The walk is a loop, never a recursion, so a 10 000-step recurrence cannot overflow the stack.
/// An operation is recorded only while a tape is active (and not suspended by <see cref="NoGrad"/>)
/// and at least one input has <see cref="Tensor.RequiresGrad"/>. Disposing the tape releases the
/// recorded nodes and restores the tape that was active before; the gradients of the tensors the nodes produced (not of
/// parameters or inputs) are released then, so read them before disposing the tape.
/// <code>
/// using var tape = new Tape();
/// Tensor loss = Losses.CrossEntropy(model.Forward(x), labels);
/// tape.Backward(loss);
/// optimizer.Step();
/// </code>
/// </remarks>
public sealed class Tape : IDisposable
{
    [ThreadStatic]
    private static Tape? t_active;

    [ThreadStatic]
    private static int t_noGradDepth;

    private readonly List<TapeNode> _nodes = [];
    private readonly Tape? _previous;
    private bool _disposed;

    /// <summary>Starts recording on this thread until disposed.</summary>
    public Tape()
    {
        _previous = t_active;
        t_active = this;
    }

    /// <summary>The tape that records operations on this thread now, or null (none active, or inside <see cref="NoGrad"/>).</summary>
    public static Tape? Current => t_noGradDepth == 0 ? t_active : null;

    /// <summary>
    /// When a disposed tape's nodes produced at least this many bytes of outputs (default 64 MB; 0 or less: never), disposing
    /// it runs a full, non-compacting garbage collection. Those outputs ([T, B, N] activations) usually die with the step, but
    /// they sit on the large object heap, whose collection the GC defers until several steps' worth have piled up; PyTorch
    /// frees them as their last reference goes. One collection per step of that size costs milliseconds against seconds.
    /// </summary>
    public static long CollectAfterOutputBytes { get; set; } = 64L << 20;

    /// <summary>Number of recorded nodes.</summary>
    public int Count => _nodes.Count;

    /// <summary>The recorded nodes in execution order (for inspection and profiles).</summary>
    public IReadOnlyList<TapeNode> Nodes => _nodes;

    /// <summary>True when an operation on these inputs would be recorded now.</summary>
    public static bool IsRecording(Tensor a) => Current is not null && a.RequiresGrad;

    public static bool IsRecording(Tensor a, Tensor b) => Current is not null && (a.RequiresGrad || b.RequiresGrad);

    public static bool IsRecording(ReadOnlySpan<Tensor?> inputs)
    {
        if (Current is null)
        {
            return false;
        }
        foreach (Tensor? input in inputs)
        {
            if (input is not null && input.RequiresGrad)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Suspends recording on this thread until the returned scope is disposed (nests).</summary>
    public static NoGradScope NoGrad() => new();

    /// <summary>Records <paramref name="node"/> on the current tape and marks its outputs as requiring grad.</summary>
    /// <exception cref="InvalidOperationException">No tape is recording.</exception>
    public static void Record(TapeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Tape tape = Current ?? throw new InvalidOperationException($"No tape is recording; cannot record {node.Name}.");
        foreach (Tensor output in node.Outputs)
        {
            output.RequiresGrad = true;
        }
        tape._nodes.Add(node);
    }

    /// <summary>Records a single-output operation whose backward receives the output's gradient.</summary>
    public static void Record(string name, Tensor output, Action<Tensor> backward) =>
        Record(new DelegateNode(name, output, backward));

    /// <summary>
    /// Seeds d<paramref name="loss"/>/d<paramref name="loss"/> (ones, or <paramref name="seed"/>) and runs every
    /// recorded node backward in reverse order. Gradients accumulate into <see cref="Tensor.Grad"/>.
    /// </summary>
    public void Backward(Tensor loss, Tensor? seed = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!loss.RequiresGrad)
        {
            throw new InvalidOperationException($"The loss {loss.Shape} does not depend on any tensor that requires grad.");
        }
        Tensor grad = loss.GradOrZeros();
        if (seed is null)
        {
            grad.Span.Fill(1f);
        }
        else
        {
            ThrowHelper.CheckSameShape("Backward seed", loss.Shape, seed.Shape, nameof(seed));
            seed.Span.CopyTo(grad.Span);
        }
        // Nodes run with recording suspended, so a backward built from tracked ops records nothing.
        using NoGradScope scope = NoGrad();
        for (int i = _nodes.Count - 1; i >= 0; i--)
        {
            TapeNode node = _nodes[i];
            if (HasAnyGrad(node.Outputs))
            {
                node.Backward();
            }
        }
    }

    internal static void AdjustNoGradDepth(int delta) => t_noGradDepth += delta;

    /// <summary>Forgets the recorded nodes (the tape stays active), releasing their buffers as <see cref="Dispose"/> does.</summary>
    public void Clear() => ReleaseNodes();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        long outputBytes = OutputBytes();
        ReleaseNodes();
        if (ReferenceEquals(t_active, this))
        {
            t_active = _previous;
        }
        if (CollectAfterOutputBytes > 0 && outputBytes >= CollectAfterOutputBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }

    /// <summary>
    /// Returns what the nodes rented to the buffer pool (their saved state, and the gradients of their outputs, which no
    /// backward of this tape will read again), so the next step reuses those arrays instead of growing the heap.
    /// </summary>
    private void ReleaseNodes()
    {
        foreach (TapeNode node in _nodes)
        {
            node.Release();
            foreach (Tensor output in node.Outputs)
            {
                output.ReleaseGrad();
            }
        }
        _nodes.Clear();
    }

    /// <summary>Bytes of the values the nodes produced (views counted once, with their root).</summary>
    private long OutputBytes()
    {
        long bytes = 0;
        foreach (TapeNode node in _nodes)
        {
            foreach (Tensor output in node.Outputs)
            {
                bytes += output.IsView ? 0 : (long)output.Length * sizeof(float);
            }
        }
        return bytes;
    }

    private static bool HasAnyGrad(Tensor[] outputs)
    {
        foreach (Tensor output in outputs)
        {
            if (output.Grad is not null)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>While alive, operations on this thread are not recorded. Returned by <see cref="Tape.NoGrad"/>.</summary>
public sealed class NoGradScope : IDisposable
{
    private bool _disposed;

    internal NoGradScope() => Tape.AdjustNoGradDepth(1);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Tape.AdjustNoGradDepth(-1);
        }
    }
}
