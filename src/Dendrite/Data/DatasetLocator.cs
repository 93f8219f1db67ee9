using System.Text;

namespace Dendrite.Data;

/// <summary>
/// Finds a dataset's files, in this order: the explicit path, <c>$DENDRITE_DATA</c>, the user cache folder, the
/// dataset's system folders (e.g. <c>/usr/share/datasets/fashion-mnist</c> from the Debian package); otherwise
/// downloads them from the official location (then mirrors) into the cache, checking each SHA-256.
/// </summary>
/// <remarks>
/// A folder is used only when it holds every requested file, raw or gzip; under a data root the dataset's own
/// folder and its alternative layouts (torchvision's <c>FashionMNIST/raw</c>) are accepted too.
/// </remarks>
public sealed class DatasetLocator
{
    /// <summary>The environment variable naming a data root.</summary>
    public const string DataVariable = "DENDRITE_DATA";

    private readonly DatasetOptions _options;
    private readonly Func<string, string?> _environment;

    public DatasetLocator(DatasetOptions? options = null)
        : this(options, Environment.GetEnvironmentVariable)
    {
    }

    internal DatasetLocator(DatasetOptions? options, Func<string, string?> environment)
    {
        _options = options ?? new DatasetOptions();
        _environment = environment;
    }

    /// <summary>
    /// The user cache root: <c>$XDG_CACHE_HOME/dendrite</c> or <c>~/.cache/dendrite</c> on Linux,
    /// <c>%LOCALAPPDATA%\Dendrite\Cache</c> on Windows, <c>~/Library/Caches/Dendrite</c> on macOS.
    /// </summary>
    public static string DefaultCacheRoot(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "Dendrite", "Cache");
        }
        string home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Caches", "Dendrite");
        }
        string? xdg = environment("XDG_CACHE_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "dendrite");
    }

    /// <summary>The folder in the cache where this dataset is downloaded to.</summary>
    public string CacheFolder(DatasetSpec spec) =>
        Path.Combine(_options.CacheDirectory ?? Path.Combine(DefaultCacheRoot(_environment), "datasets"), spec.FolderName);

    /// <summary>Every folder searched, in order, with a note saying why it is searched.</summary>
    public IReadOnlyList<(string Folder, string Why)> SearchOrder(DatasetSpec spec)
    {
        var order = new List<(string, string)>();
        if (!string.IsNullOrEmpty(_options.Path))
        {
            AddRoot(order, spec, _options.Path, "explicit path");
        }
        string? dataRoot = _environment(DataVariable);
        if (!string.IsNullOrEmpty(dataRoot))
        {
            AddRoot(order, spec, dataRoot, "$" + DataVariable);
        }
        order.Add((CacheFolder(spec), "user cache"));
        foreach (string folder in spec.SystemFolders)
        {
            order.Add((folder, "system folder"));
        }
        return order;
    }

    /// <summary>
    /// The path of each requested file (gzip or raw, raw preferred), all from the first folder that holds them all.
    /// </summary>
    /// <param name="fileNames">Names as in <see cref="DatasetSpec.Files"/>.</param>
    /// <exception cref="DatasetNotFoundException">Found nowhere and not downloadable; the message says where it looked and what to do.</exception>
    public IReadOnlyList<string> Locate(DatasetSpec spec, IReadOnlyList<string> fileNames)
    {
        DatasetFile[] files = fileNames.Select(spec.File).ToArray();
        IReadOnlyList<(string Folder, string Why)> order = SearchOrder(spec);
        foreach ((string folder, _) in order)
        {
            if (TryFind(folder, files) is { } found)
            {
                return found;
            }
        }

        string? downloadFailure = null; // stays null when the dataset has no automatic download
        if (spec.Mirrors.Count > 0 && !_options.Download)
        {
            downloadFailure = "downloading is turned off (DatasetOptions.Download = false).";
        }
        else if (spec.Mirrors.Count > 0)
        {
            downloadFailure = TryDownload(spec, files);
            if (downloadFailure is null)
            {
                return TryFind(CacheFolder(spec), files)
                    ?? throw new DatasetNotFoundException($"{spec.DisplayName}: the download finished but the files are not in {CacheFolder(spec)}.", [CacheFolder(spec)]);
            }
        }
        throw NotFound(spec, files, order, downloadFailure);
    }

    private static void AddRoot(List<(string, string)> order, DatasetSpec spec, string root, string why)
    {
        order.Add((root, why));
        order.Add((Path.Combine(root, spec.FolderName), why));
        foreach (string alternative in spec.AlternativeFolders)
        {
            order.Add((Path.Combine(root, alternative), why));
        }
    }

    private static string[]? TryFind(string folder, DatasetFile[] files)
    {
        var paths = new string[files.Length];
        for (int i = 0; i < files.Length; i++)
        {
            if (files[i].Name.EndsWith('/'))
            {
                // A folder the dataset must contain (e.g. N-MNIST's Train/).
                string sub = Path.Combine(folder, files[i].Name.TrimEnd('/'));
                if (!Directory.Exists(sub))
                {
                    return null;
                }
                paths[i] = sub;
                continue;
            }
            string raw = Path.Combine(folder, files[i].RawName);
            string packed = Path.Combine(folder, files[i].Name);
            if (File.Exists(raw))
            {
                paths[i] = raw;
            }
            else if (File.Exists(packed))
            {
                paths[i] = packed;
            }
            else
            {
                return null;
            }
        }
        return paths;
    }

    /// <summary>Downloads every missing file into the cache folder; null on success, else why it failed.</summary>
    private string? TryDownload(DatasetSpec spec, DatasetFile[] files)
    {
        string cache = CacheFolder(spec);
        HttpDatasetDownloader? owned = _options.Downloader is null ? new HttpDatasetDownloader() : null;
        IDatasetDownloader downloader = _options.Downloader ?? owned!;
        try
        {
            foreach (DatasetFile file in files)
            {
                string destination = Path.Combine(cache, file.Name);
                if (File.Exists(destination) || File.Exists(Path.Combine(cache, file.RawName)))
                {
                    continue;
                }
                var failures = new List<string>();
                foreach (string mirror in spec.Mirrors)
                {
                    try
                    {
                        downloader.Download(new Uri(new Uri(mirror), file.Name), destination, file.Sha256);
                        failures.Clear();
                        break;
                    }
                    catch (DatasetDownloadException e)
                    {
                        failures.Add(e.Message);
                    }
                }
                if (failures.Count > 0)
                {
                    return string.Join("; ", failures);
                }
            }
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            return $"cannot write to the cache folder {cache}: {e.Message}";
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private DatasetNotFoundException NotFound(DatasetSpec spec, DatasetFile[] files, IReadOnlyList<(string Folder, string Why)> order, string? downloadFailure)
    {
        var message = new StringBuilder();
        message.Append($"{spec.DisplayName} was not found. Looked for {string.Join(", ", files.Select(f => f.RawName + "[.gz]"))} in:");
        foreach ((string folder, string why) in order)
        {
            message.Append($"\n  - {folder} ({why})");
        }
        if (string.IsNullOrEmpty(_environment(DataVariable)))
        {
            message.Append($"\n  (${DataVariable} is not set)");
        }
        if (downloadFailure is not null)
        {
            message.Append($"\nDownload: {downloadFailure}");
        }
        message.Append($"\nTo get the data: {spec.Instructions}");
        if (spec.Mirrors.Count > 0)
        {
            message.Append($" Or download {string.Join(", ", files.Select(f => f.Name))} from {spec.Mirrors[0]} into {CacheFolder(spec)}.");
        }
        message.Append($" Or set {DataVariable} to a folder that contains them (or a '{spec.FolderName}' folder with them).");
        return new DatasetNotFoundException(message.ToString(), order.Select(o => o.Folder).ToArray());
    }
}
