using Dendrite.Interop;

namespace Dendrite.Training.Reporting;

/// <summary>Report and metrics files: written atomically into the run folder (created if missing), replacing earlier versions.</summary>
internal static class ReportFile
{
    public static void WriteAllText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".");
        AtomicFile.WriteAllText(path, text, overwrite: true);
    }
}
