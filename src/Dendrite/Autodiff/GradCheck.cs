using Dendrite.Tensors;

namespace Dendrite.Autodiff;

/// <summary>
/// Finite-difference gradient checker. It compares the tape's gradient of L = Σ w ⊙ f(inputs), with fixed
/// random weights w, against central differences of L computed in double precision.
/// </summary>
/// <remarks>
/// The function itself runs in float32, so the difference quotient uses Richardson extrapolation of two central
/// differences, (4·D(h/2) − D(h)) / 3, whose truncation error is O(h⁴): a step large enough to keep float32
/// rounding small (h = 1e-2) still gives about five correct digits.
/// Non-differentiable points (a ReLU at 0, a spike at threshold) must be kept away from by the caller.
/// </remarks>
public static class GradCheck
{
    /// <summary>Checks every input that requires grad (at most <paramref name="maxElements"/> sampled elements each).</summary>
    /// <param name="function">Computes the output from the current values of <paramref name="inputs"/>.</param>
    /// <param name="inputs">Tensors to differentiate with respect to; each must have RequiresGrad.</param>
    /// <exception cref="GradCheckException">An analytic gradient differs from the numerical one beyond tolerance.</exception>
    public static void Assert(Func<Tensor> function, IReadOnlyList<Tensor> inputs, double step = 1e-2,
        double relativeTolerance = 1e-3, double absoluteTolerance = 1e-4, int maxElements = 48, ulong seed = 7)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        float[] weights = OutputWeights(function, seed);
        float[][] analytic = AnalyticGradients(function, inputs, weights);
        var rng = new Rng(seed + 1);
        for (int inputIndex = 0; inputIndex < inputs.Count; inputIndex++)
        {
            Tensor input = inputs[inputIndex];
            foreach (int element in SampleElements(input.Length, maxElements, rng))
            {
                double numeric = NumericGradient(function, input, element, weights, step);
                double exact = analytic[inputIndex][element];
                double error = Math.Abs(numeric - exact);
                if (error > absoluteTolerance + relativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(exact)) || double.IsNaN(error))
                {
                    throw new GradCheckException(
                        $"Gradient mismatch for input {inputIndex} ('{input.Name ?? "unnamed"}', shape {input.Shape}) at element {element}: " +
                        $"analytic {exact:G9}, numerical {numeric:G9} (|difference| {error:G3}).");
                }
            }
        }
    }

    private static float[] OutputWeights(Func<Tensor> function, ulong seed)
    {
        int length;
        using (Tape.NoGrad())
        {
            length = function().Length;
        }
        var weights = new float[length];
        new Rng(seed).FillUniform(weights, 0.5f, 1.5f);
        return weights;
    }

    private static float[][] AnalyticGradients(Func<Tensor> function, IReadOnlyList<Tensor> inputs, float[] weights)
    {
        foreach (Tensor input in inputs)
        {
            if (!input.RequiresGrad)
            {
                ThrowHelper.ThrowArgument($"GradCheck input '{input.Name ?? "unnamed"}' {input.Shape} does not require grad.", nameof(inputs));
            }
            input.Grad?.Span.Clear();
        }
        using (var tape = new Tape())
        {
            Tensor output = function();
            if (output.RequiresGrad)
            {
                tape.Backward(output, new Tensor((float[])weights.Clone(), output.Shape));
            }
        }
        return inputs.Select(input => input.Grad?.ToArray() ?? new float[input.Length]).ToArray();
    }

    private static double NumericGradient(Func<Tensor> function, Tensor input, int element, float[] weights, double step)
    {
        double full = CentralDifference(function, input, element, weights, step);
        double half = CentralDifference(function, input, element, weights, step / 2);
        return (4 * half - full) / 3;
    }

    private static double CentralDifference(Func<Tensor> function, Tensor input, int element, float[] weights, double step)
    {
        Span<float> values = input.Span;
        float original = values[element];
        // Differences are taken over the float32 values actually used, so the quotient is exact in its denominator.
        float plus = (float)(original + step);
        float minus = (float)(original - step);
        values[element] = plus;
        double upper = Evaluate(function, weights);
        input.Span[element] = minus;
        double lower = Evaluate(function, weights);
        input.Span[element] = original;
        return (upper - lower) / ((double)plus - minus);
    }

    private static double Evaluate(Func<Tensor> function, float[] weights)
    {
        using NoGradScope scope = Tape.NoGrad();
        ReadOnlySpan<float> output = function().Span;
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            sum += (double)weights[i] * output[i];
        }
        return sum;
    }

    private static IEnumerable<int> SampleElements(int length, int maxElements, Rng rng)
    {
        if (length <= maxElements)
        {
            return Enumerable.Range(0, length);
        }
        return rng.Permutation(length).Take(maxElements).Order();
    }
}

/// <summary>Thrown by <see cref="GradCheck"/> when analytic and numerical gradients disagree.</summary>
public sealed class GradCheckException(string message) : Exception(message);
