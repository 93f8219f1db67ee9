using Dendrite.Tensors;

namespace Dendrite.Learning.Pruning;

/// <summary>
/// Erdős–Rényi-Kernel layer densities (Evci et al. 2020, as coded in VITA-Group/Random_Pruning
/// <c>sparselearning/core.py</c>): density_l = ε·score_l with score_l = (Σ dims / Π dims)^power.
/// </summary>
/// <remarks>
/// For a Linear weight [out, in] the score is (n_in + n_out)/(n_in·n_out) (Erdős–Rényi); for a Conv2d weight
/// [out, in, kh, kw] it is (out + in + kh + kw)/(out·in·kh·kw) (the kernel form). ε is chosen so the
/// parameter-weighted average density, Σ density_l·n_l / Σ n_l, equals the target. A layer whose density would
/// exceed 1 is made dense and ε recomputed over the rest, until every density is at most 1.
/// </remarks>
public static class ErkDensities
{
    /// <summary>The density of each layer, in the order of <paramref name="shapes"/>.</summary>
    /// <param name="shapes">Weight shapes; every length must be positive.</param>
    /// <param name="density">Target overall density in (0, 1].</param>
    /// <param name="power">Exponent on the raw score (1 in the paper; 0 gives uniform densities).</param>
    public static double[] Compute(IReadOnlyList<TensorShape> shapes, double density, double power = 1.0)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (!(density > 0.0 && density <= 1.0))
        {
            ThrowHelper.ThrowArgument($"ERK target density must lie in (0, 1]; got {density}.", nameof(density));
        }
        int layers = shapes.Count;
        var count = new double[layers];
        var score = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            TensorShape shape = shapes[l];
            if (shape.Rank == 0 || shape.ElementCount == 0)
            {
                ThrowHelper.ThrowArgument($"ERK needs non-empty weights of rank ≥ 1; layer {l} has shape {shape}.", nameof(shapes));
            }
            double sum = 0;
            foreach (int length in shape.Lengths)
            {
                sum += length;
            }
            count[l] = shape.ElementCount;
            score[l] = Math.Pow(sum / shape.ElementCount, power);
        }

        var dense = new bool[layers];
        double epsilon;
        while (true)
        {
            // Kept weights to distribute over the sparse layers: the target total minus what dense layers already keep.
            double keep = 0;
            double divisor = 0;
            for (int l = 0; l < layers; l++)
            {
                if (dense[l])
                {
                    keep -= count[l] * (1.0 - density);
                }
                else
                {
                    keep += count[l] * density;
                    divisor += score[l] * count[l];
                }
            }
            epsilon = divisor == 0 ? 0 : keep / divisor;
            double maxScore = 0;
            for (int l = 0; l < layers; l++)
            {
                if (!dense[l])
                {
                    maxScore = Math.Max(maxScore, score[l]);
                }
            }
            if (divisor == 0 || epsilon * maxScore <= 1.0)
            {
                break;
            }
            for (int l = 0; l < layers; l++)
            {
                if (!dense[l] && score[l] == maxScore)
                {
                    dense[l] = true;
                }
            }
        }

        var result = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            result[l] = dense[l] ? 1.0 : epsilon * score[l];
        }
        return result;
    }
}
