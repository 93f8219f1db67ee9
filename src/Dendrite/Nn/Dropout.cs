using Dendrite.Autodiff;
using Dendrite.Tensors;

namespace Dendrite.Nn;

/// <summary>
/// Inverted dropout (PyTorch's <c>nn.Dropout</c>): in training, zeroes each element with probability
/// <see cref="P"/> and scales the rest by 1/(1 − p); in evaluation (<see cref="Module.Eval"/>) it is the identity.
/// </summary>
/// <remarks>
/// The module draws its masks from its own generator, <see cref="Rng"/>, so masks do not depend on what else
/// draws from the generator it was created from. Save <see cref="Rng"/>'s Key and Counter with a checkpoint and
/// set a restored generator to resume with the masks an uninterrupted run would draw.
/// </remarks>
public sealed class Dropout : Module
{
    private Rng _rng;

    /// <summary>Dropout with its own stream, seeded by one draw from <paramref name="rng"/> (which advances by one).</summary>
    public Dropout(float p, Rng rng)
        : this(p, DrawSeed(rng))
    {
    }

    /// <summary>Dropout with its own stream from <paramref name="seed"/>.</summary>
    public Dropout(float p, ulong seed)
    {
        Kernels.DropoutMask.CheckProbability(p);
        P = p;
        _rng = new Rng(seed);
    }

    /// <summary>The probability of zeroing an element.</summary>
    public float P { get; }

    /// <summary>The generator the masks are drawn from (replace it to restore a checkpointed stream).</summary>
    public Rng Rng
    {
        get => _rng;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _rng = value;
        }
    }

    public override Tensor Forward(Tensor input) => Ops.Dropout(input, P, _rng, Training);

    public override string ToString() => $"Dropout(p={P})";

    private static ulong DrawSeed(Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return rng.NextUInt64();
    }
}
