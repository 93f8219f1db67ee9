namespace Dendrite.Data;

/// <summary>
/// A dataset's files were not found anywhere Dendrite looks and could not be downloaded. The message lists every
/// place searched, why downloading failed, and how to get the data.
/// </summary>
public sealed class DatasetNotFoundException : FileNotFoundException
{
    public DatasetNotFoundException(string message, IReadOnlyList<string> searched, Exception? inner = null)
        : base(message, inner)
    {
        Searched = searched;
    }

    /// <summary>The folders searched, in order.</summary>
    public IReadOnlyList<string> Searched { get; }
}

/// <summary>A download failed or delivered a file whose SHA-256 does not match the published one.</summary>
public sealed class DatasetDownloadException : IOException
{
    public DatasetDownloadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
