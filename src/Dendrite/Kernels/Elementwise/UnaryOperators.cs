using System.Runtime.Intrinsics;

namespace Dendrite.Kernels.Elementwise;

// Unary operators, one line of math per width. Transcendentals use the BCL's vector Exp/Log,
// the same accurate implementations TensorPrimitives uses.

/// <summary>a·x + b.</summary>
public readonly struct AffineOperator(float scale, float shift) : IUnaryOperator
{
    public float Invoke(float x) => scale * x + shift;
    public Vector128<float> Invoke(Vector128<float> x) => x * scale + Vector128.Create(shift);
    public Vector256<float> Invoke(Vector256<float> x) => x * scale + Vector256.Create(shift);
    public Vector512<float> Invoke(Vector512<float> x) => x * scale + Vector512.Create(shift);
}

/// <summary>eˣ.</summary>
public readonly struct ExpOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Exp(x);
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Exp(x);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Exp(x);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Exp(x);
}

/// <summary>ln x.</summary>
public readonly struct LogOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Log(x);
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Log(x);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Log(x);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Log(x);
}

/// <summary>1 / (1 + e⁻ˣ).</summary>
public readonly struct SigmoidOperator : IUnaryOperator
{
    public float Invoke(float x) => 1f / (1f + MathF.Exp(-x));
    public Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));
    public Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));
    public Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
}

/// <summary>tanh x = 1 − 2 / (e²ˣ + 1), with x clamped to ±10 where tanh is ±1 in float32 (keeps e²ˣ finite).</summary>
public readonly struct TanhOperator : IUnaryOperator
{
    private const float Limit = 10f;

    public float Invoke(float x) => MathF.Tanh(x);

    public Vector128<float> Invoke(Vector128<float> x)
    {
        Vector128<float> e = Vector128.Exp(Vector128.Clamp(x, Vector128.Create(-Limit), Vector128.Create(Limit)) * 2f);
        return Vector128<float>.One - Vector128.Create(2f) / (e + Vector128<float>.One);
    }

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> e = Vector256.Exp(Vector256.Clamp(x, Vector256.Create(-Limit), Vector256.Create(Limit)) * 2f);
        return Vector256<float>.One - Vector256.Create(2f) / (e + Vector256<float>.One);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> e = Vector512.Exp(Vector512.Clamp(x, Vector512.Create(-Limit), Vector512.Create(Limit)) * 2f);
        return Vector512<float>.One - Vector512.Create(2f) / (e + Vector512<float>.One);
    }
}

/// <summary>max(x, 0).</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? x : 0f;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
}

/// <summary>|x|.</summary>
public readonly struct AbsOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Abs(x);
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);
}

/// <summary>√x.</summary>
public readonly struct SqrtOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Sqrt(x);
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Sqrt(x);
}

/// <summary>Heaviside step: 1 where x &gt; 0 (strict, the spike convention), else 0.</summary>
public readonly struct HeavisideOperator : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? 1f : 0f;
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128<float>.One;
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256<float>.One;
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One;
}
