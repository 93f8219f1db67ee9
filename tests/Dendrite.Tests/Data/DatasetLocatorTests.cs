using System.Net;
using System.Security.Cryptography;
using Dendrite.Data;
using Xunit;

namespace Dendrite.Tests.Data;

public sealed class DatasetLocatorTests : IDisposable
{
    private static readonly byte[] s_content = "fake dataset bytes"u8.ToArray();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static DatasetSpec Spec(params string[] mirrors) => new(
        "Toy",
        "toy",
        [new DatasetFile("a.gz", Convert.ToHexStringLower(SHA256.HashData(s_content))), new DatasetFile("b.gz", Convert.ToHexStringLower(SHA256.HashData(s_content)))],
        ["Toy/raw"],
        mirrors,
        [],
        "ask the toy maintainers.");

    private string Folder(string relative, params string[] files)
    {
        string folder = Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(folder);
        foreach (string file in files)
        {
            File.WriteAllBytes(Path.Combine(folder, file), s_content);
        }
        return folder;
    }

    private DatasetLocator Locator(DatasetOptions options, string? dataRoot = null) =>
        new(options with { CacheDirectory = options.CacheDirectory ?? Path.Combine(_dir.Path, "cache") },
            name => name == DatasetLocator.DataVariable ? dataRoot : null);

    [Fact]
    public void SearchesExplicitPathThenDataRootThenCacheThenSystemFolders()
    {
        string explicitPath = Folder("explicit", "a.gz", "b.gz");
        string dataRoot = Folder("root");
        Folder("root/toy", "a", "b.gz");
        Folder("cache/toy", "a.gz", "b.gz");
        string system = Folder("system", "a.gz", "b.gz");
        DatasetSpec spec = Spec() with { SystemFolders = [system] };

        Assert.Equal(Path.Combine(explicitPath, "a.gz"), Locator(new DatasetOptions(explicitPath), dataRoot).Locate(spec, ["a.gz", "b.gz"])[0]);
        IReadOnlyList<string> fromRoot = Locator(new DatasetOptions(), dataRoot).Locate(spec, ["a.gz", "b.gz"]);
        Assert.Equal([Path.Combine(dataRoot, "toy", "a"), Path.Combine(dataRoot, "toy", "b.gz")], fromRoot); // raw preferred
        Assert.Equal(Path.Combine(_dir.Path, "cache", "toy", "a.gz"), Locator(new DatasetOptions()).Locate(spec, ["a.gz"])[0]);
        Directory.Delete(Path.Combine(_dir.Path, "cache"), recursive: true);
        Assert.Equal(Path.Combine(system, "b.gz"), Locator(new DatasetOptions(Download: false)).Locate(spec, ["b.gz"])[0]);
    }

    [Fact]
    public void AcceptsTorchvisionLayoutAndNeedsAllFilesInOneFolder()
    {
        string root = Folder("tv");
        Folder("tv/Toy/raw", "a", "b");
        Folder("tv/toy", "a.gz"); // incomplete: skipped
        Assert.Equal(Path.Combine(root, "Toy", "raw", "a"), Locator(new DatasetOptions(root, Download: false)).Locate(Spec(), ["a.gz", "b.gz"])[0]);
    }

    [Fact]
    public void DownloadsMissingFilesIntoTheCacheAtomicallyAfterCheckingSha256()
    {
        var handler = new StubHandler(request => request.RequestUri!.Host == "official.invalid"
            ? throw new HttpRequestException("Name or service not known (official.invalid:80)")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(s_content) });
        using var downloader = new HttpDatasetDownloader(handler);
        DatasetSpec spec = Spec("http://official.invalid/data/", "http://mirror.invalid/toy/");

        IReadOnlyList<string> paths = Locator(new DatasetOptions(Downloader: downloader)).Locate(spec, ["a.gz", "b.gz"]);

        string cache = Path.Combine(_dir.Path, "cache", "toy");
        Assert.Equal([Path.Combine(cache, "a.gz"), Path.Combine(cache, "b.gz")], paths);
        Assert.Equal(s_content, File.ReadAllBytes(paths[0]));
        Assert.Equal(["a.gz", "b.gz"], Directory.GetFiles(cache).Select(Path.GetFileName).Order());
        Assert.Contains(new Uri("http://mirror.invalid/toy/b.gz"), handler.Requests);
        Assert.Contains(new Uri("http://official.invalid/data/a.gz"), handler.Requests); // official first
    }

    [Fact]
    public void ChecksumMismatchLeavesNothingBehindAndSaysSo()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("tampered"u8.ToArray()) });
        using var downloader = new HttpDatasetDownloader(handler);
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            Locator(new DatasetOptions(Downloader: downloader)).Locate(Spec("http://mirror.invalid/"), ["a.gz"]));
        Assert.Contains("SHA-256", error.Message);
        Assert.Contains("discarded", error.Message);
        string cache = Path.Combine(_dir.Path, "cache", "toy");
        Assert.Empty(Directory.Exists(cache) ? Directory.GetFiles(cache) : []);
    }

    [Fact]
    public void OfflineMessageListsEveryPlaceAndHowToGetFashionMnist()
    {
        var handler = new StubHandler(_ => throw new HttpRequestException("Name or service not known"));
        using var downloader = new HttpDatasetDownloader(handler);
        string explicitPath = Folder("mine");
        DatasetSpec spec = ImageDatasets.FashionMnist with { SystemFolders = [Path.Combine(_dir.Path, "usr-share")] };

        var error = Assert.Throws<DatasetNotFoundException>(() =>
            Locator(new DatasetOptions(explicitPath, Downloader: downloader)).Locate(spec, ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]));

        Assert.StartsWith("Fashion-MNIST was not found.", error.Message);
        Assert.Contains("train-images-idx3-ubyte[.gz]", error.Message);
        Assert.Contains($"{explicitPath} (explicit path)", error.Message);
        Assert.Contains("$DENDRITE_DATA is not set", error.Message);
        Assert.Contains(Path.Combine(_dir.Path, "cache", "fashion-mnist") + " (user cache)", error.Message);
        Assert.Contains(Path.Combine(_dir.Path, "usr-share") + " (system folder)", error.Message);
        Assert.Contains("Name or service not known", error.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", error.Message);
        Assert.Contains("fashion-mnist.s3-website.eu-central-1.amazonaws.com", error.Message);
        Assert.Equal(6, error.Searched.Count); // the explicit path and its three layouts, the cache, the system folder
    }

    [Fact]
    public void DownloadTurnedOffIsReported()
    {
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            Locator(new DatasetOptions(Download: false)).Locate(Spec("http://mirror.invalid/"), ["a.gz"]));
        Assert.Contains("downloading is turned off", error.Message);
    }

    [Fact]
    public void DefaultCacheRootFollowsXdg()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        Assert.Equal("/x/cache/dendrite", DatasetLocator.DefaultCacheRoot(n => n == "XDG_CACHE_HOME" ? "/x/cache" : null));
        Assert.Equal("/home/u/.cache/dendrite", DatasetLocator.DefaultCacheRoot(n => n == "HOME" ? "/home/u" : null));
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return respond(request);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
