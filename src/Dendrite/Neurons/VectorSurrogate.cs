using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Dendrite.Surrogates;

namespace Dendrite.Neurons;

/// <summary>
/// A surrogate derivative on 8 doubles at once, with the same operations in the same order as the scalar
/// <see cref="ISurrogate.Derivative"/>, so results are bit-identical. Arctan, fast sigmoid and triangle are vectorised;
/// any other surrogate is evaluated lane by lane.
/// </summary>
internal readonly struct VectorSurrogate
{
    private readonly ISurrogate _surrogate;
    private readonly Kind _kind;
    private readonly double _a;
    private readonly double _b;

    public VectorSurrogate(ISurrogate surrogate)
    {
        _surrogate = surrogate;
        switch (surrogate)
        {
            case Arctan arctan:
                // u = (π/2·α)·x; α/2 / (1 + u²), as Arctan.Derivative groups it.
                (_kind, _a, _b) = (Kind.Arctan, Math.PI / 2 * arctan.Alpha, arctan.Alpha / 2);
                break;
            case FastSigmoid fast:
                (_kind, _a, _b) = (Kind.FastSigmoid, fast.Slope, fast.Scale);
                break;
            case Triangle triangle:
                (_kind, _a, _b) = (Kind.Triangle, triangle.Width, triangle.Gamma);
                break;
            default:
                (_kind, _a, _b) = (Kind.Scalar, 0, 0);
                break;
        }
    }

    private enum Kind
    {
        Scalar,
        Arctan,
        FastSigmoid,
        Triangle,
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<double> Derivative(Vector512<double> x)
    {
        switch (_kind)
        {
            case Kind.Arctan:
                Vector512<double> u = Vector512.Create(_a) * x;
                return Vector512.Create(_b) / (Vector512<double>.One + u * u);
            case Kind.FastSigmoid:
                Vector512<double> d = Vector512.Create(_a) * Vector512.Abs(x) + Vector512<double>.One;
                return Vector512.Create(_b) / (d * d);
            case Kind.Triangle:
                return Vector512.Create(_b) * Vector512.Max(Vector512<double>.Zero, Vector512<double>.One - Vector512.Create(_a) * Vector512.Abs(x));
            default:
                Span<double> lanes = stackalloc double[Vector512<double>.Count];
                x.CopyTo(lanes);
                for (int i = 0; i < lanes.Length; i++)
                {
                    lanes[i] = _surrogate.Derivative(lanes[i]);
                }
                return Vector512.Create<double>(lanes);
        }
    }
}
