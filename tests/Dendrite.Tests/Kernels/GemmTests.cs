using System.Runtime.Intrinsics;
using Dendrite.Kernels;
using Xunit;

namespace Dendrite.Tests.Kernels;

/// <summary>The blocked, threaded <see cref="Gemm"/> against <see cref="GemmReference"/>, for every kernel width.</summary>
public class GemmTests
{
    private static readonly int[] s_sizes =
    [
        1, 2, 3, 4, 5, 7, 8, 11, 12, 13, 16, 17, 19, 23, 29, 31, 32, 33, 37, 41, 43, 47, 48, 53, 59, 61, 64, 67,
        71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179,
        181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 256, 257,
    ];

    private static readonly float[] s_alphas = [1f, -0.5f, 2.5f, 0f];
    private static readonly float[] s_betas = [0f, 1f, -1.5f, 0.5f];

    // Every width the hardware runs natively (an emulated Vector512 would be correct but far too slow here).
    private static readonly GemmKernelWidth[] s_widths =
    [
        .. Gemm.Resolve(GemmKernelWidth.Auto) == GemmKernelWidth.Vector512 ? [GemmKernelWidth.Vector512] : Array.Empty<GemmKernelWidth>(),
        .. Vector256.IsHardwareAccelerated ? [GemmKernelWidth.Vector256] : Array.Empty<GemmKernelWidth>(),
        GemmKernelWidth.Vector128,
    ];

    public static TheoryData<int> RandomCases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < 240; i++)
        {
            data.Add(i);
        }
        return data;
    }

    /// <summary>Shapes that cross the cache blocks (Kc, Nc, Mc) as well as the register tiles.</summary>
    public static TheoryData<int, int, int, bool, bool> BlockingCases() => new()
    {
        { 2000, 37, 29, false, false },
        { 45, 1100, 31, false, true },
        { 33, 41, 900, true, false },
        { 7, 530, 400, true, true },
        { 13, 530, 400, false, false },
    };

    [Theory]
    [MemberData(nameof(RandomCases))]
    public void MatchesReferenceOnRandomShape(int index)
    {
        var random = new Random(1000 + index);
        // Sizes are 1, primes up to 257 and tile multiples. One dimension in turn ranges over all of them and the
        // other two stay ≤ 67, which covers every edge and keeps the suite fast in a Debug build.
        int Size(int dimension) => s_sizes[random.Next(index % 3 == dimension ? s_sizes.Length : 28)];
        var problem = new Problem(random, Size(0), Size(1), Size(2),
            transposeA: (index & 1) != 0, transposeB: (index & 2) != 0,
            alpha: s_alphas[index / 4 % s_alphas.Length], beta: s_betas[index / 16 % s_betas.Length],
            padded: index % 3 != 0, nanInC: index % 5 == 0);
        problem.CheckAllWidthsAndThreads();
    }

    [Theory]
    [MemberData(nameof(BlockingCases))]
    public void MatchesReferenceAcrossCacheBlocks(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var random = new Random(m * 31 + n * 7 + k);
        var problem = new Problem(random, m, n, k, transposeA, transposeB, alpha: 0.75f, beta: -0.5f,
            padded: true, nanInC: false);
        problem.CheckAllWidthsAndThreads();
    }

    [Fact]
    public void BetaZeroDoesNotReadC()
    {
        var random = new Random(7);
        var problem = new Problem(random, 37, 45, 19, false, false, alpha: 1f, beta: 0f, padded: true, nanInC: true);
        problem.CheckAllWidthsAndThreads();
    }

    [Fact]
    public void AlphaZeroScalesCAndIgnoresAAndB()
    {
        float[] a = [float.NaN, float.NaN, float.NaN, float.NaN];
        float[] b = [float.NaN, float.NaN, float.NaN, float.NaN];
        float[] c = [1f, 2f, 3f, 4f];
        Gemm.Multiply(false, false, 2, 2, 2, 0f, a, 2, b, 2, 0.5f, c, 2);
        Assert.Equal([0.5f, 1f, 1.5f, 2f], c);
    }

    [Fact]
    public void KZeroScalesC()
    {
        float[] c = [1f, float.NaN, 3f, 4f];
        Gemm.Multiply(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0f, c, 2);
        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void IsDeterministicAndIndependentOfThreadCount(int widthIndex)
    {
        if (widthIndex >= s_widths.Length)
        {
            return;
        }
        GemmKernelWidth width = s_widths[widthIndex];
        var random = new Random(42);
        foreach ((int m, int n, int k, bool ta, bool tb) in new[]
        {
            (300, 200, 500, false, false), (97, 331, 130, true, false), (50, 49, 800, false, true), (13, 700, 64, true, true),
        })
        {
            var problem = new Problem(random, m, n, k, ta, tb, alpha: 1.25f, beta: 0.5f, padded: false, nanInC: false);
            float[] first = problem.Run(width, threads: 1);
            Assert.Equal(first, problem.Run(width, threads: 1));
            Assert.Equal(first, problem.Run(width, threads: 2));
            Assert.Equal(first, problem.Run(width, threads: 3));
            Assert.Equal(first, problem.Run(width, threads: 2));
        }
    }

    [Fact]
    public void ConcurrentCallersShareThePoolSafely()
    {
        // Several threads at once contend for the worker pool and the workspace pool; each must still get
        // exactly its single-threaded answer.
        var problems = Enumerable.Range(0, 6)
            .Select(i => new Problem(new Random(100 + i), 90 + i, 120 - i, 70, i % 2 == 0, i % 3 == 0, 1f, 0.5f,
                padded: true, nanInC: false))
            .ToArray();
        float[][] expected = problems.Select(p => p.Run(GemmKernelWidth.Auto, threads: 1)).ToArray();
        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 6 }, call =>
        {
            Problem problem = problems[call % problems.Length];
            Assert.Equal(expected[call % problems.Length], problem.Run(GemmKernelWidth.Auto, threads: 2));
        });
    }

    [Fact]
    public void PublicOverloadMatchesForcedAutoWidth()
    {
        var problem = new Problem(new Random(3), 64, 96, 128, false, false, 1f, 0f, padded: false, nanInC: false);
        float[] c = (float[])problem.C.Clone();
        Gemm.Multiply(false, false, 64, 96, 128, 1f, problem.A, problem.Lda, problem.B, problem.Ldb, 0f, c, problem.Ldc);
        Assert.Equal(problem.Run(Gemm.Resolve(GemmKernelWidth.Auto), KernelThreads.Count), c);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void TooShortOperandThrowsNamingIt(bool transposeA, bool transposeB)
    {
        const int m = 5, n = 6, k = 7;
        int lda = transposeA ? m : k, ldb = transposeB ? k : n;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        Assert.Throws<ArgumentException>("a", () =>
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a.AsSpan(1), lda, b, ldb, 0f, c, n));
        Assert.Throws<ArgumentException>("b", () =>
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, lda, b.AsSpan(1), ldb, 0f, c, n));
        Assert.Throws<ArgumentException>("c", () =>
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, lda, b, ldb, 0f, c.AsSpan(1), n));
        Assert.Throws<ArgumentException>("c", () =>
            Gemm.Multiply(transposeA, transposeB, m, n, k, 1f, a, lda, b, ldb, 0f, c, n - 1));
    }

    [Fact]
    public void NegativeDimensionThrows()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, -1, 1, 1, 1f, [1f], 1, [1f], 1, 0f, new float[1], 1));
    }

    /// <summary>One random problem, with C's padding and tail as sentinels that must come back untouched.</summary>
    private sealed class Problem
    {
        private const float Sentinel = -12345.5f;
        private readonly int _m, _n, _k;
        private readonly bool _transposeA, _transposeB;
        private readonly float _alpha, _beta;

        public Problem(Random random, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta,
            bool padded, bool nanInC)
        {
            (_m, _n, _k, _transposeA, _transposeB, _alpha, _beta) = (m, n, k, transposeA, transposeB, alpha, beta);
            int pad = padded ? 1 + random.Next(9) : 0;
            Lda = (transposeA ? m : k) + pad;
            Ldb = (transposeB ? k : n) + pad;
            Ldc = n + pad;
            A = Fill(random, (transposeA ? k : m) * Lda);
            B = Fill(random, (transposeB ? n : k) * Ldb);
            // Three spare floats past the end catch writes beyond the last row.
            C = new float[m * Ldc + 3];
            Array.Fill(C, Sentinel);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    C[i * Ldc + j] = nanInC && beta == 0f ? float.NaN : (float)(random.NextDouble() * 2 - 1);
                }
            }
        }

        public float[] A { get; }

        public float[] B { get; }

        public float[] C { get; }

        public int Lda { get; }

        public int Ldb { get; }

        public int Ldc { get; }

        public float[] Run(GemmKernelWidth width, int threads)
        {
            float[] c = (float[])C.Clone();
            Gemm.Multiply(_transposeA, _transposeB, _m, _n, _k, _alpha, A, Lda, B, Ldb, _beta, c, Ldc,
                width, threads, parallelMinFlops: 0);
            return c;
        }

        public void CheckAllWidthsAndThreads()
        {
            float[] expected = (float[])C.Clone();
            GemmReference.Multiply(_transposeA, _transposeB, _m, _n, _k, _alpha, A, Lda, B, Ldb, _beta, expected, Ldc);
            double[] scale = Magnitudes();
            foreach (GemmKernelWidth width in s_widths)
            {
                float[] oneThread = Run(width, threads: 1);
                Check(expected, oneThread, scale, $"{width}, 1 thread");
                float[] twoThreads = Run(width, threads: 2);
                Check(expected, twoThreads, scale, $"{width}, 2 threads");
                Assert.Equal(oneThread, twoThreads);
            }
        }

        /// <summary>|alpha|·Σ|a||b| + |beta·c| per element: the size of the terms whose rounding errors add up.</summary>
        private double[] Magnitudes()
        {
            var scale = new double[_m * _n];
            for (int i = 0; i < _m; i++)
            {
                for (int j = 0; j < _n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < _k; p++)
                    {
                        float a = _transposeA ? A[p * Lda + i] : A[i * Lda + p];
                        float b = _transposeB ? B[j * Ldb + p] : B[p * Ldb + j];
                        sum += Math.Abs((double)a * b);
                    }
                    double previous = _beta == 0f ? 0 : Math.Abs((double)_beta * C[i * Ldc + j]);
                    scale[i * _n + j] = Math.Abs(_alpha) * sum + previous;
                }
            }
            return scale;
        }

        private void Check(float[] expected, float[] actual, double[] scale, string what)
        {
            for (int index = 0; index < C.Length; index++)
            {
                int i = index / Ldc, j = index % Ldc;
                if (i >= _m || j >= _n)
                {
                    if (actual[index] != Sentinel)
                    {
                        Assert.Fail($"{what}: {Describe()} wrote outside C at flat index {index}.");
                    }
                    continue;
                }
                double error = Math.Abs((double)actual[index] - expected[index]);
                double tolerance = 1e-5 * scale[i * _n + j] + 1e-30;
                if (!(error <= tolerance))
                {
                    Assert.Fail($"{what}: {Describe()} C[{i},{j}] = {actual[index]}, reference {expected[index]}, " +
                        $"error {error:g3} > {tolerance:g3}.");
                }
            }
        }

        private string Describe() =>
            $"M={_m} N={_n} K={_k} transposeA={_transposeA} transposeB={_transposeB} alpha={_alpha} beta={_beta} " +
            $"lda={Lda} ldb={Ldb} ldc={Ldc}";

        private static float[] Fill(Random random, int length)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = (float)(random.NextDouble() * 2 - 1);
            }
            return values;
        }
    }
}
