namespace Dendrite.Learning.Stdp;

/// <summary>The parts of trace-based STDP shared by the Linear and Conv2d learners: trace update, amplitudes, weight update.</summary>
internal static class StdpRule
{
    public static void UpdateTrace(StdpOptions options, Span<float> trace, ReadOnlySpan<float> spikes, float tau, float increment)
    {
        float rate = 1f / tau;
        if (options.Convention == StdpConvention.Norse)
        {
            for (int i = 0; i < trace.Length; i++)
            {
                trace[i] += rate * (-trace[i] + increment * spikes[i]);
            }
        }
        else
        {
            for (int i = 0; i < trace.Length; i++)
            {
                trace[i] = trace[i] - trace[i] * rate + increment * spikes[i];
            }
        }
    }

    /// <summary>Δw = A₊(w)·ltp − A₋(w)·ltd from the unscaled correlations, then w ← clamp(w + Δw) under hard bounds.</summary>
    public static void Apply(StdpOptions options, Span<float> weight, ReadOnlySpan<float> ltp, ReadOnlySpan<float> ltd, Span<float> delta)
    {
        for (int j = 0; j < weight.Length; j++)
        {
            float w = weight[j];
            // Skipping zero correlations keeps user weight functions from being called (and NaN from 0·∞) where nothing happened.
            delta[j] = (ltp[j] == 0f ? 0f : Potentiation(options, w) * ltp[j]) - (ltd[j] == 0f ? 0f : Depression(options, w) * ltd[j]);
            float updated = w + delta[j];
            weight[j] = options.HardBounds ? Math.Clamp(updated, options.WMin, options.WMax) : updated;
        }
    }

    public static float Potentiation(StdpOptions o, float w)
    {
        if (o.Potentiation is not null)
        {
            return o.Potentiation(w);
        }
        return o.WeightDependence switch
        {
            StdpWeightDependence.Additive => o.EtaPlus,
            StdpWeightDependence.AdditiveStep => o.WMax - w > 0f ? o.EtaPlus : 0f,
            _ => o.EtaPlus * MathF.Pow(MathF.Max(o.WMax - w, 0f), o.Mu),
        };
    }

    public static float Depression(StdpOptions o, float w)
    {
        if (o.Depression is not null)
        {
            return o.Depression(w);
        }
        return o.WeightDependence switch
        {
            StdpWeightDependence.Additive => o.EtaMinus,
            StdpWeightDependence.AdditiveStep => w - o.WMin > 0f ? o.EtaMinus : 0f,
            _ => o.EtaMinus * MathF.Pow(MathF.Max(w - o.WMin, 0f), o.Mu),
        };
    }
}
