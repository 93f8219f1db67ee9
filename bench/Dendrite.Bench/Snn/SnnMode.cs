namespace Dendrite.Bench.Snn;

/// <summary>What a timed step does.</summary>
public enum SnnMode
{
    /// <summary>Forward, backward and an Adam step.</summary>
    Train,

    /// <summary>Forward without gradient, on the inference engine.</summary>
    Infer,
}
