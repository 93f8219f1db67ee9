namespace Dendrite.Tensors;

/// <summary>Weight initialisers, each filling a tensor in place from an explicit <see cref="Rng"/>.</summary>
/// <remarks>
/// Fan-in and fan-out follow PyTorch's convention: for a weight of shape [out, in, k...],
/// fan-in = in·Πk and fan-out = out·Πk.
/// </remarks>
public static class Init
{
    public static void Uniform(Tensor tensor, Rng rng, float low, float high) => rng.FillUniform(tensor.Span, low, high);

    public static void Normal(Tensor tensor, Rng rng, float mean, float std) => rng.FillNormal(tensor.Span, mean, std);

    /// <summary>Kaiming (He) uniform: U(-b, b) with b = gain·√(3 / fan_in), gain = √(2 / (1 + a²)).</summary>
    public static void KaimingUniform(Tensor tensor, Rng rng, float negativeSlope = 0f)
    {
        float bound = KaimingGain(negativeSlope) * MathF.Sqrt(3f / FanIn(tensor));
        rng.FillUniform(tensor.Span, -bound, bound);
    }

    /// <summary>Kaiming (He) normal: N(0, (gain / √fan_in)²).</summary>
    public static void KaimingNormal(Tensor tensor, Rng rng, float negativeSlope = 0f) =>
        rng.FillNormal(tensor.Span, 0f, KaimingGain(negativeSlope) / MathF.Sqrt(FanIn(tensor)));

    /// <summary>Xavier (Glorot) uniform: U(-b, b) with b = gain·√(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor tensor, Rng rng, float gain = 1f)
    {
        float bound = gain * MathF.Sqrt(6f / (FanIn(tensor) + FanOut(tensor)));
        rng.FillUniform(tensor.Span, -bound, bound);
    }

    /// <summary>Xavier (Glorot) normal: N(0, gain²·2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor tensor, Rng rng, float gain = 1f) =>
        rng.FillNormal(tensor.Span, 0f, gain * MathF.Sqrt(2f / (FanIn(tensor) + FanOut(tensor))));

    /// <summary>
    /// A (semi-)orthogonal matrix scaled by <paramref name="gain"/>: the Q of a QR decomposition of a normal
    /// matrix, with signs fixed by R's diagonal so the result is uniform over orthogonal matrices (Saxe et al. 2014).
    /// Rows are orthonormal when rows ≤ columns, columns otherwise. Trailing axes are flattened into columns.
    /// </summary>
    public static void Orthogonal(Tensor tensor, Rng rng, float gain = 1f)
    {
        if (tensor.Rank < 2)
        {
            ThrowHelper.ThrowArgument($"Orthogonal initialisation needs at least 2 dimensions; got shape {tensor.Shape}.", nameof(tensor));
        }
        int rows = tensor.Shape[0];
        int cols = tensor.Length / Math.Max(rows, 1);
        // Orthonormalise the columns of a tall matrix [tall, wide] in double precision (modified Gram–Schmidt).
        bool transpose = rows < cols;
        int tall = transpose ? cols : rows;
        int wide = transpose ? rows : cols;
        var normal = new float[tall * wide];
        rng.FillNormal(normal, 0f, 1f);
        var q = new double[tall * wide];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = normal[i];
        }
        for (int j = 0; j < wide; j++)
        {
            for (int p = 0; p < j; p++)
            {
                double dot = 0;
                for (int i = 0; i < tall; i++)
                {
                    dot += q[i * wide + j] * q[i * wide + p];
                }
                for (int i = 0; i < tall; i++)
                {
                    q[i * wide + j] -= dot * q[i * wide + p];
                }
            }
            double norm = 0;
            for (int i = 0; i < tall; i++)
            {
                norm += q[i * wide + j] * q[i * wide + j];
            }
            norm = Math.Sqrt(norm);
            for (int i = 0; i < tall; i++)
            {
                q[i * wide + j] /= norm;
            }
        }
        Span<float> destination = tensor.Span;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                double value = transpose ? q[c * wide + r] : q[r * wide + c];
                destination[r * cols + c] = (float)(gain * value);
            }
        }
    }

    public static int FanIn(Tensor tensor) => tensor.Rank < 2 ? tensor.Length : tensor.Length / tensor.Shape[0];

    public static int FanOut(Tensor tensor) => tensor.Rank < 2 ? tensor.Length : tensor.Length / tensor.Shape[1];

    private static float KaimingGain(float negativeSlope) => MathF.Sqrt(2f / (1f + negativeSlope * negativeSlope));
}
