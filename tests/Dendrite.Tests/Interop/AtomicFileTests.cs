using System.Text;
using Dendrite.Interop;
using Xunit;

namespace Dendrite.Tests.Interop;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void WritesNewFileAndLeavesNoTemporaryFile()
    {
        string path = _directory.File("out.bin");

        AtomicFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["out.bin"], _directory.FileNames());
    }

    [Fact]
    public void RefusesToReplaceExistingFileWithoutOverwrite()
    {
        string path = _directory.File("keep.txt");
        File.WriteAllText(path, "original");

        var error = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "new"));

        Assert.Contains(path, error.Message);
        Assert.Contains("overwrite: true", error.Message);
        Assert.Equal("original", File.ReadAllText(path));
        Assert.Equal(["keep.txt"], _directory.FileNames());
    }

    [Fact]
    public void ReplacesExistingFileWithOverwrite()
    {
        string path = _directory.File("replace.txt");
        File.WriteAllText(path, "original, longer than the new content");

        AtomicFile.WriteAllText(path, "new", overwrite: true);

        Assert.Equal("new", File.ReadAllText(path));
        Assert.Equal(["replace.txt"], _directory.FileNames());
    }

    [Fact]
    public void WriterThatThrowsMidwayLeavesOriginalIntactAndNoTemporaryFile()
    {
        string path = _directory.File("model.bin");
        File.WriteAllBytes(path, [9, 9, 9]);

        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[10_000]);
            throw new InvalidOperationException("disk on fire");
        }, overwrite: true));

        Assert.Equal("disk on fire", error.Message);
        Assert.Equal(new byte[] { 9, 9, 9 }, File.ReadAllBytes(path));
        Assert.Equal(["model.bin"], _directory.FileNames());
    }

    [Fact]
    public void WriterThatThrowsCreatesNoTarget()
    {
        string path = _directory.File("never.bin");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new InvalidOperationException("stop");
        }));

        Assert.Empty(_directory.FileNames());
    }

    [Fact]
    public void CallbackMayDisposeTheStream()
    {
        string path = _directory.File("text.txt");

        // A StreamWriter without leaveOpen disposes the stream it was given.
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.Write("héllo");
        });

        Assert.Equal("héllo", File.ReadAllText(path));
        Assert.Equal(["text.txt"], _directory.FileNames());
    }

    [Fact]
    public void WriteAllTextUsesUtf8WithoutByteOrderMark()
    {
        string path = _directory.File("bom.txt");

        AtomicFile.WriteAllText(path, "ä");

        Assert.Equal(new byte[] { 0xC3, 0xA4 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void MissingDirectoryNamesThePath()
    {
        string path = Path.Combine(_directory.Path, "no-such-dir", "file.bin");

        var error = Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.WriteAllBytes(path, [1]));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void TargetThatIsADirectoryIsAnError()
    {
        string path = _directory.File("sub");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(path, [1], overwrite: true));

        Assert.Contains("is a directory", error.Message);
    }
}
