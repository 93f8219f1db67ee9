namespace Dendrite.Interop;

/// <summary>
/// A checkpoint or tensor file is malformed, or does not hold what the caller asked for
/// (a missing tensor, another shape, a dtype that cannot be converted).
/// </summary>
/// <remarks>
/// The message always starts with the file (or stream name), then the tensor or header field, then what
/// was expected and what was found.
/// <para>
/// It derives from <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed;
/// code that already handles I/O failures around a load handles this too.
/// </para>
/// </remarks>
public sealed class CheckpointFormatException : IOException
{
    // Names from a corrupt file can be arbitrarily long; messages show the start only.
    private const int MaxNameInMessage = 120;

    public CheckpointFormatException(string filePath, string? tensorName, string detail, Exception? innerException = null)
        : base(Compose(filePath, tensorName, detail), innerException)
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    /// <summary>The file path, or the name given for a stream.</summary>
    public string FilePath { get; }

    /// <summary>The tensor the problem is about, or null when it is about the file or header as a whole.</summary>
    public string? TensorName { get; }

    /// <summary>A name quoted for a message, shortened when it is very long.</summary>
    internal static string Quote(string name) =>
        name.Length <= MaxNameInMessage ? $"'{name}'" : $"'{name[..MaxNameInMessage]}...' ({name.Length} characters)";

    private static string Compose(string filePath, string? tensorName, string detail) =>
        tensorName is null ? $"{filePath}: {detail}" : $"{filePath}: tensor {Quote(tensorName)}: {detail}";
}
