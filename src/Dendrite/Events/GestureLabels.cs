using System.Globalization;
using Dendrite.Data;

namespace Dendrite.Events;

/// <summary>One gesture in a DVS Gesture recording: label (class − 1) and its time span [Start, End) in µs.</summary>
public readonly record struct GestureSpan(int Label, long Start, long End);

/// <summary>Reads a DVS Gesture <c>userNN_lighting_labels.csv</c>: header <c>class,startTime_usec,endTime_usec</c>, classes 1..11.</summary>
public static class GestureLabels
{
    public const int ClassCount = 11;

    /// <exception cref="DataFormatException">A line is malformed; the message names the file and line.</exception>
    public static IReadOnlyList<GestureSpan> Read(string path) => Parse(File.ReadAllLines(path), path);

    public static IReadOnlyList<GestureSpan> Parse(IReadOnlyList<string> lines, string name)
    {
        if (lines.Count == 0 || !string.Equals(lines[0].Trim(), "class,startTime_usec,endTime_usec", StringComparison.OrdinalIgnoreCase))
        {
            throw new DataFormatException(name, null, "line 1", $"expected the header 'class,startTime_usec,endTime_usec', found '{(lines.Count == 0 ? "" : lines[0])}'.");
        }
        var spans = new List<GestureSpan>();
        for (int i = 1; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            string[] cells = line.Split(',');
            if (cells.Length != 3
                || !int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int cls)
                || !long.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long start)
                || !long.TryParse(cells[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long end))
            {
                throw new DataFormatException(name, null, $"line {i + 1}", $"expected three integers 'class,start,end', found '{line}'.");
            }
            if (cls < 1 || cls > ClassCount)
            {
                throw new DataFormatException(name, null, $"line {i + 1}", $"expected a class 1..{ClassCount}, found {cls}.");
            }
            if (start < 0 || end <= start)
            {
                throw new DataFormatException(name, null, $"line {i + 1}", $"expected 0 <= start < end, found start {start}, end {end}.");
            }
            spans.Add(new GestureSpan(cls - 1, start, end));
        }
        return spans;
    }
}
