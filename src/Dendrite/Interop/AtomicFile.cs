using System.Text;

namespace Dendrite.Interop;

/// <summary>
/// Writes files so that readers, and a crash, only ever see the old file or the complete new one:
/// the content goes to a temporary file in the same directory, is flushed to disk, and is then renamed
/// over the target.
/// </summary>
/// <remarks>
/// The temporary file lives beside the target because a rename is only atomic within one file system.
/// An existing file is replaced only when the caller passes <c>overwrite: true</c>; a user's file is
/// never lost by default. The directory entry itself is not fsynced (.NET has no portable API for it),
/// so after a power cut the rename may be lost, but the target is still either the old or the new file.
/// </remarks>
public static class AtomicFile
{
    private const int BufferSize = 1 << 16;

    // Keeps temporary names well below the usual 255-byte file-name limit.
    private const int MaxNameStem = 100;

    /// <summary>Writes <paramref name="path"/> atomically with the bytes <paramref name="write"/> puts into the stream.</summary>
    /// <param name="path">The target file. Its directory must exist.</param>
    /// <param name="write">
    /// Writes the content. The stream is positioned at 0 and seekable; disposing it is harmless.
    /// If it throws, the target is left as it was and the exception propagates.
    /// </param>
    /// <param name="overwrite">Replace an existing file. Without it an existing file is an error.</param>
    /// <exception cref="IOException"><paramref name="path"/> exists and <paramref name="overwrite"/> is false, or it is a directory.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory of <paramref name="path"/> does not exist.</exception>
    public static void Write(string path, Action<Stream> write, bool overwrite = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);

        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' names a root directory, not a file.", nameof(path));
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"Cannot write '{path}': it is a directory.");
        }
        if (!overwrite && File.Exists(fullPath))
        {
            ThrowExists(path);
        }
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': the directory '{directory}' does not exist.");
        }

        string tempPath = Path.Combine(directory, TempName(Path.GetFileName(fullPath)));
        bool moved = false;
        try
        {
            // CreateNew: never clobber anything, even a file that happens to have the temporary name.
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize))
            {
                // The wrapper keeps a callback that disposes its stream (a StreamWriter without leaveOpen)
                // from closing the file before it has been flushed to disk.
                write(new KeepOpenStream(stream));
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(tempPath, fullPath, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(fullPath))
            {
                // Someone created the target while we were writing; still never replace it.
                ThrowExists(path);
            }
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                TryDelete(tempPath);
            }
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes), overwrite);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize, leaveOpen: true);
            writer.Write(text);
        }, overwrite);
    }

    private static string TempName(string fileName)
    {
        string stem = fileName.Length > MaxNameStem ? fileName[..MaxNameStem] : fileName;
        return $".{stem}.{Guid.NewGuid():N}.tmp";
    }

    private static void TryDelete(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void ThrowExists(string path) =>
        throw new IOException($"Cannot write '{path}': the file already exists. Pass overwrite: true to replace it.");
}
