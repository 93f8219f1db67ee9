using System.Security.Cryptography;

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
        string directory = Path.GetDirectoryName(Path.GetFullPath(destinationPath))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(destinationPath)}.{Guid.NewGuid():N}.part");
        try
        {
            string actual;
            using (var request = new HttpRequestMessage(HttpMethod.Get, source))
            using (HttpResponseMessage response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new DatasetDownloadException($"{source} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
                }
                using Stream body = response.Content.ReadAsStream();
                actual = CopyHashing(body, temporary);
            }
            if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new DatasetDownloadException(
                    $"{source} delivered a file with SHA-256 {actual}; the published SHA-256 is {expectedSha256}. The download was discarded.");
            }
            MoveIntoPlace(temporary, destinationPath);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException and not DatasetDownloadException)
        {
            throw new DatasetDownloadException($"downloading {source} failed: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private static string CopyHashing(Stream body, string temporary)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = body.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                file.Write(buffer, 0, read);
            }
            file.Flush(flushToDisk: true);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Renames a complete temporary file (in the same folder) into place; if another process got there first, keeps theirs.</summary>
    /// <remarks>A private copy of the temp-file-and-rename rule; to be folded into Interop/AtomicFile once that exists.</remarks>
    private static void MoveIntoPlace(string temporary, string destination)
    {
        try
        {
            File.Move(temporary, destination, overwrite: false);
        }
        catch (IOException) when (File.Exists(destination))
        {
            // Same content by construction (both passed the same SHA-256 check).
        }
    }
}
