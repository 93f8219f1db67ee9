using Dendrite.Nn;

namespace Dendrite.Learning;

/// <summary>Gradient clipping, as PyTorch's <c>clip_grad_norm_</c> and <c>clip_grad_value_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients together so their global L2 norm is at most <paramref name="maxNorm"/>;
    /// returns the norm before clipping. The factor is maxNorm / (norm + 1e-6), applied only when below 1.
    /// </summary>
    public static float ClipNorm(IEnumerable<Parameter> parameters, float maxNorm)
    {
        Parameter[] all = parameters.Where(p => p.Grad is not null).ToArray();
        double sumOfSquares = 0;
        foreach (Parameter parameter in all)
        {
            foreach (float g in parameter.Grad!.Span)
            {
                sumOfSquares += (double)g * g;
            }
        }
        float norm = (float)Math.Sqrt(sumOfSquares);
        float factor = maxNorm / (norm + 1e-6f);
        if (factor < 1f)
        {
            foreach (Parameter parameter in all)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(parameter.Grad!.Span, factor, parameter.Grad!.Span);
            }
        }
        return norm;
    }

    /// <summary>Clamps every gradient element to [−limit, limit].</summary>
    public static void ClipValue(IEnumerable<Parameter> parameters, float limit)
    {
        foreach (Parameter parameter in parameters)
        {
            if (parameter.Grad is not null)
            {
                System.Numerics.Tensors.TensorPrimitives.Clamp(parameter.Grad.Span, -limit, limit, parameter.Grad.Span);
            }
        }
    }
}
