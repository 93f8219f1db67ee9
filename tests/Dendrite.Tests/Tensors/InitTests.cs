using Dendrite.Tensors;

namespace Dendrite.Tests.Tensors;

public class InitTests
{
    [Fact]
    public void KaimingAndXavierBoundsAndVariance()
    {
        var w = new Tensor(400, 300);
        Init.KaimingUniform(w, new Rng(1));
        float bound = MathF.Sqrt(2f) * MathF.Sqrt(3f / 300);
        Assert.True(w.ToArray().All(v => MathF.Abs(v) <= bound));
        Init.KaimingNormal(w, new Rng(2));
        double variance = w.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(variance, 2.0 / 300 * 0.97, 2.0 / 300 * 1.03);
        Init.XavierUniform(w, new Rng(3));
        Assert.True(w.ToArray().All(v => MathF.Abs(v) <= MathF.Sqrt(6f / 700)));
        Init.XavierNormal(w, new Rng(4));
        variance = w.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(variance, 2.0 / 700 * 0.97, 2.0 / 700 * 1.03);
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(4, 9)]
    [InlineData(9, 4)]
    public void OrthogonalHasOrthonormalRowsOrColumns(int rows, int cols)
    {
        var w = new Tensor(rows, cols);
        Init.Orthogonal(w, new Rng(5), gain: 2f);
        int small = Math.Min(rows, cols);
        for (int i = 0; i < small; i++)
        {
            for (int j = 0; j < small; j++)
            {
                // Gram matrix of the rows (rows ≤ cols) or of the columns: gain²·I.
                double dot = 0;
                int length = rows <= cols ? cols : rows;
                for (int k = 0; k < length; k++)
                {
                    dot += rows <= cols ? w[i, k] * w[j, k] : w[k, i] * w[k, j];
                }
                Assert.Equal(i == j ? 4.0 : 0.0, dot, 4);
            }
        }
    }
}
