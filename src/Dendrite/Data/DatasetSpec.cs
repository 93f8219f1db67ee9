namespace Dendrite.Data;

/// <summary>
/// A file a dataset consists of, as published (usually gzip), with its published SHA-256 (empty when the dataset is
/// not downloaded automatically). A name ending in '/' stands for a folder the dataset must contain.
/// </summary>
public sealed record DatasetFile(string Name, string Sha256)
{
    /// <summary>The name without a trailing <c>.gz</c>: a decompressed copy is accepted too.</summary>
    public string RawName => Name.EndsWith(".gz", StringComparison.Ordinal) ? Name[..^3] : Name;
}

/// <summary>
/// Where a dataset can be found and fetched: its folder name, files, download mirrors (official location first),
/// system folders (e.g. a Debian package's), and instructions for a person when all of that fails.
/// </summary>
/// <param name="DisplayName">For messages, e.g. "Fashion-MNIST".</param>
/// <param name="FolderName">The folder inside <c>DENDRITE_DATA</c> and the cache, e.g. "fashion-mnist".</param>
/// <param name="AlternativeFolders">Other layouts accepted under a data root, e.g. torchvision's "FashionMNIST/raw".</param>
/// <param name="Mirrors">Base URLs, each ending in '/', tried in order; empty when the data cannot be downloaded automatically.</param>
/// <param name="SystemFolders">Absolute folders where a system package installs the files.</param>
/// <param name="Instructions">How a person gets the data by hand.</param>
public sealed record DatasetSpec(
    string DisplayName,
    string FolderName,
    IReadOnlyList<DatasetFile> Files,
    IReadOnlyList<string> AlternativeFolders,
    IReadOnlyList<string> Mirrors,
    IReadOnlyList<string> SystemFolders,
    string Instructions)
{
    public DatasetFile File(string name) =>
        Files.FirstOrDefault(f => f.Name == name || f.RawName == name)
        ?? throw new ArgumentException($"{DisplayName} has no file '{name}'.", nameof(name));
}

/// <summary>How to find a dataset: an explicit folder, whether downloading is allowed, and where the cache is.</summary>
/// <param name="Path">A folder to look in first (it may also hold the dataset's own subfolder).</param>
/// <param name="Download">Download into the cache when the files are found nowhere.</param>
/// <param name="CacheDirectory">The cache root; default: the user cache folder (see <see cref="DatasetLocator.DefaultCacheRoot"/>).</param>
/// <param name="Downloader">How to download; default: <see cref="HttpDatasetDownloader"/>.</param>
public sealed record DatasetOptions(
    string? Path = null,
    bool Download = true,
    string? CacheDirectory = null,
    IDatasetDownloader? Downloader = null);
