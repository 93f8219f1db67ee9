namespace Dendrite.Data;

/// <summary>
/// A dataset file does not have the layout its format requires. The message names the file, the byte offset
/// and/or field where the problem is, what was expected and what was found.
/// </summary>
/// <remarks>Every binary reader in Dendrite reports malformed input with this exception and no other.</remarks>
public sealed class DataFormatException : FormatException
{
    public DataFormatException(string filePath, long? offset, string? field, string problem, Exception? inner = null)
        : base(Compose(filePath, offset, field, problem), inner)
    {
        FilePath = filePath;
        Offset = offset;
        Field = field;
    }

    /// <summary>The file (or stream name) being read.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset of the problem, when it has one.</summary>
    public long? Offset { get; }

    /// <summary>The field, header entry or dataset involved, when there is one.</summary>
    public string? Field { get; }

    private static string Compose(string filePath, long? offset, string? field, string problem)
    {
        string where = (offset, field) switch
        {
            (not null, not null) => $" at byte {offset} ({field})",
            (not null, null) => $" at byte {offset}",
            (null, not null) => $" in {field}",
            _ => "",
        };
        return $"{filePath}{where}: {problem}";
    }
}
