using System.Runtime.Intrinsics;

namespace Dendrite.Kernels.Elementwise;

/// <summary>
/// An element-wise function f(x) at every vector width. Implemented by readonly structs, so the loop in
/// <see cref="Elementwise"/> is specialised per operator with no virtual calls (the TensorPrimitives pattern).
/// Instance members let an operator carry constants (a scale, a threshold).
/// </summary>
public interface IUnaryOperator
{
    float Invoke(float x);

    Vector128<float> Invoke(Vector128<float> x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}
