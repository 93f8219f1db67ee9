using System.Text;
using System.Text.Json;
using Dendrite.Training.Reporting;

namespace Dendrite.Training.Metrics;

/// <summary>
/// Appends one JSON object per epoch or evaluation to <c>metrics.jsonl</c> in a run folder, flushed line by
/// line so that a crash loses at most the line being written. On resume the log is cut back to the
/// checkpoint's epoch first, so re-run epochs are not logged twice.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "metrics.jsonl";

    private readonly List<MetricsRecord> _records;
    private readonly StreamWriter _writer;

    private MetricsLog(string path, List<MetricsRecord> records)
    {
        FilePath = path;
        _records = records;
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" };
    }

    public string FilePath { get; }

    /// <summary>Every record in the file, including those appended through this instance.</summary>
    public IReadOnlyList<MetricsRecord> Records => _records;

    /// <summary>Opens (creating if needed) the log in <paramref name="runDirectory"/>, keeping existing records.</summary>
    public static MetricsLog Open(string runDirectory) => Open(runDirectory, resumeAfterEpoch: null);

    /// <summary>Opens the log for a run resumed from the checkpoint of epoch <paramref name="resumeAfterEpoch"/>:
    /// records of later epochs (logged after that checkpoint, before the interruption) are removed.</summary>
    public static MetricsLog Open(string runDirectory, int? resumeAfterEpoch)
    {
        Directory.CreateDirectory(runDirectory);
        string path = Path.Combine(runDirectory, FileName);
        var records = new List<MetricsRecord>();
        bool rewrite = false;
        if (File.Exists(path))
        {
            records = ReadLines(path, out bool torn);
            // A torn or unterminated last line (crash mid-write) is dropped so the next line starts clean.
            rewrite = torn || (new FileInfo(path).Length > 0 && !File.ReadAllText(path).EndsWith('\n'));
        }
        if (resumeAfterEpoch is int keep)
        {
            int before = records.Count;
            records.RemoveAll(r => r.Epoch > keep);
            rewrite |= records.Count != before;
        }
        if (rewrite)
        {
            // Atomic: a crash here leaves either the old log or the trimmed one.
            ReportFile.WriteAllText(path, string.Concat(records.Select(r => r.ToJsonLine() + "\n")));
        }
        return new MetricsLog(path, records);
    }

    /// <summary>Appends a record and flushes it to disk.</summary>
    /// <exception cref="InvalidOperationException">A record with the same phase and epoch is already logged.</exception>
    public void Append(MetricsRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Epoch is int epoch && _records.Any(r => r.Epoch == epoch && r.Phase == record.Phase))
        {
            throw new InvalidOperationException($"{FilePath}: epoch {epoch} ({record.Phase}) is already logged.");
        }
        _writer.Write(record.ToJsonLine());
        _writer.Write('\n');
        _writer.Flush();
        ((FileStream)_writer.BaseStream).Flush(flushToDisk: true);
        _records.Add(record);
    }

    /// <summary>Reads every record of a <c>metrics.jsonl</c> file (a torn last line from a crash is skipped).</summary>
    /// <exception cref="InvalidDataException">A line other than the last is not a metrics record.</exception>
    public static IReadOnlyList<MetricsRecord> Read(string path) => ReadLines(path, out _);

    private static List<MetricsRecord> ReadLines(string path, out bool torn)
    {
        string[] lines = File.ReadAllLines(path);
        var records = new List<MetricsRecord>(lines.Length);
        torn = false;
        for (int i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            try
            {
                records.Add(MetricsRecord.Parse(lines[i]));
            }
            catch (JsonException) when (i == lines.Length - 1)
            {
                torn = true;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                throw new InvalidDataException($"{path}:{i + 1}: not a metrics record: {e.Message}", e);
            }
        }
        return records;
    }

    public void Dispose() => _writer.Dispose();
}
