namespace Dendrite.Events;

/// <summary>The extent of an event sensor: x in [0, Width), y in [0, Height), polarity in [0, Polarities) — tonic's (W, H, P).</summary>
public readonly record struct SensorSize(int Width, int Height, int Polarities)
{
    /// <summary>N-MNIST's ATIS crop: 34×34, two polarities.</summary>
    public static SensorSize Nmnist => new(34, 34, 2);

    /// <summary>The DVS128 camera (DVS Gesture): 128×128, two polarities.</summary>
    public static SensorSize Dvs128 => new(128, 128, 2);

    /// <summary>SHD/SSC's artificial cochlea: 700 channels on x, no y, one polarity (tonic's (700, 1, 1)).</summary>
    public static SensorSize Cochlea700 => new(700, 1, 1);

    public override string ToString() => $"({Width}, {Height}, {Polarities})";
}
