namespace Dendrite.Data;

/// <summary>Fetches one file to a destination, checking its SHA-256, so that the destination appears complete or not at all.</summary>
public interface IDatasetDownloader
{
    /// <exception cref="DatasetDownloadException">The transfer failed or the checksum did not match.</exception>
    void Download(Uri source, string destinationPath, string expectedSha256);
}
