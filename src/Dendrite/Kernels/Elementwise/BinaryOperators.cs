using System.Runtime.Intrinsics;

namespace Dendrite.Kernels.Elementwise;

/// <summary>x + y.</summary>
public readonly struct AddOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x + y;
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

/// <summary>x − y.</summary>
public readonly struct SubtractOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x - y;
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x - y;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x - y;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x - y;
}

/// <summary>x · y.</summary>
public readonly struct MultiplyOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x * y;
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * y;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * y;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * y;
}

/// <summary>x / y.</summary>
public readonly struct DivideOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x / y;
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x / y;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x / y;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x / y;
}

/// <summary>x + a·y (axpy); used to accumulate scaled gradients.</summary>
public readonly struct AddScaledOperator(float scale) : IBinaryOperator
{
    public float Invoke(float x, float y) => x + scale * y;
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x + y * scale;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y * scale;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y * scale;
}

/// <summary>ReLU backward: g where x &gt; 0, else 0 (x: the ReLU's input, y: the upstream gradient).</summary>
public readonly struct ReluBackwardOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x > 0f ? y : 0f;
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, Vector128<float>.Zero) & y;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, Vector256<float>.Zero) & y;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, Vector512<float>.Zero) & y;
}

/// <summary>Tanh backward: g·(1 − t²) (x: the tanh output t, y: the upstream gradient g).</summary>
public readonly struct TanhBackwardOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => y * (1f - x * x);
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * (Vector128<float>.One - x * x);
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * (Vector256<float>.One - x * x);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * (Vector512<float>.One - x * x);
}

/// <summary>Sigmoid backward: g·s·(1 − s) (x: the sigmoid output s, y: the upstream gradient g).</summary>
public readonly struct SigmoidBackwardOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => y * x * (1f - x);
    public Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => y * x * (Vector128<float>.One - x);
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => y * x * (Vector256<float>.One - x);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => y * x * (Vector512<float>.One - x);
}
