using System.Security.Cryptography;
using Dendrite.Interop;

namespace Dendrite.Data;

/// <summary>
/// Downloads over HTTP(S) into a temporary file beside the destination, hashes while writing, and renames into
/// place only when the SHA-256 matches: a crash or a bad transfer never leaves a half-written dataset file.
/// </summary>
public sealed class HttpDatasetDownloader : IDatasetDownloader, IDisposable
{
    private readonly HttpClient _client;

    /// <param name="handler">The HTTP stack; tests pass a stub. Default: a normal <see cref="HttpClientHandler"/>.</param>
    /// <param name="timeout">For the whole transfer of one file; default 10 minutes.</param>
    public HttpDatasetDownloader(HttpMessageHandler? handler = null, TimeSpan? timeout = null)
    {
        _client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _client.Timeout = timeout ?? TimeSpan.FromMinutes(10);
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Dendrite/1.0");
    }

    public void Download(Uri source, string destinationPath, string expectedSha256)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destinationPath))!);
        try
        {
            // The hash is checked before AtomicFile renames the temporary file into place: a mismatch throws
            // inside the callback, which discards the temporary file and leaves the destination untouched.
            AtomicFile.Write(destinationPath, output =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, source);
                using HttpResponseMessage response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                {
                    throw new DatasetDownloadException($"{source} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }
                using Stream body = response.Content.ReadAsStream();
                string actual = CopyHashing(body, output);
                if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new DatasetDownloadException(
                        $"{source} delivered a file with SHA-256 {actual}; the published SHA-256 is {expectedSha256}. The download was discarded.");
                }
            });
        }
        catch (IOException) when (File.Exists(destinationPath))
        {
            // Another process finished first; its file passed the same SHA-256 check.
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException and not DatasetDownloadException)
        {
            throw new DatasetDownloadException($"downloading {source} failed: {e.Message}", e);
        }
    }

    public void Dispose() => _client.Dispose();

    private static string CopyHashing(Stream body, Stream file)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = body.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            file.Write(buffer, 0, read);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
