namespace Dendrite.Neurons;

/// <summary>The same-step reset shared by models: v = reset(pre, y) after y = spike(pre − θ), and its VJP.</summary>
internal static class SameStepReset
{
    public static double Apply(ResetMode mode, double pre, double y, double theta, double resetValue) => mode switch
    {
        ResetMode.Subtract => pre - y * theta,
        ResetMode.Zero => pre * (1 - y),
        ResetMode.ToValue => pre * (1 - y) + y * resetValue,
        _ => pre,
    };

    /// <summary>
    /// From dL/d(new membrane) and dL/dy, the gradient of the pre-reset membrane (through the spike as well); adds dL/dθ.
    /// A detached reset passes no gradient through the spike in the reset term.
    /// </summary>
    public static double Backward(ResetMode mode, bool detach, double pre, double y, double dy, double theta, double resetValue,
        double gNew, double gY, ref double gTheta)
    {
        double gSpike = gY;
        double gPre;
        switch (mode)
        {
            case ResetMode.Subtract:
                gPre = gNew;
                gSpike += detach ? 0.0 : -gNew * theta;
                gTheta -= gNew * y;
                break;
            case ResetMode.Zero:
                gPre = gNew * (1 - y);
                gSpike += detach ? 0.0 : -gNew * pre;
                break;
            case ResetMode.ToValue:
                gPre = gNew * (1 - y);
                gSpike += detach ? 0.0 : gNew * (resetValue - pre);
                break;
            default:
                gPre = gNew;
                break;
        }
        gTheta -= gSpike * dy;
        return gPre + gSpike * dy;
    }
}
