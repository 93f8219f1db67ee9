using System.Globalization;
using System.Text.RegularExpressions;
using Dendrite.Data;

namespace Dendrite.Events;

/// <summary>One sample of DVS Gesture: a gesture's time span inside a recording.</summary>
public sealed record GestureSegment(string Recording, int User, string Lighting, GestureSpan Span);

/// <summary>
/// IBM's DVS128 Gesture (Amir et al. 2017) from the original release: <c>userNN_lighting.aedat</c> (AEDAT 3.1) with
/// <c>userNN_lighting_labels.csv</c>. Each sample is one labelled gesture, the events with start ≤ t &lt; end (raw
/// timestamps, as in the recording); users 1–23 are the training split and 24–29 the test split.
/// </summary>
public sealed partial class DvsGestureDataset : IDataset<Labeled<EventStream>>
{
    public const int LastTrainUser = 23;

    private readonly GestureSegment[] _segments;
    private readonly object _cacheGate = new();
    private (string Path, EventStream Events)? _cached;

    private DvsGestureDataset(GestureSegment[] segments)
    {
        _segments = segments;
    }

    /// <summary>The 11 classes, in label order.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
    [
        "hand clap", "right hand wave", "left hand wave", "right arm clockwise", "right arm counter-clockwise",
        "left arm clockwise", "left arm counter-clockwise", "arm roll", "air drums", "air guitar", "other gestures",
    ];

    /// <summary>Where DVS Gesture is looked for; the release's trial lists mark its folder. No automatic download.</summary>
    public static DatasetSpec Spec { get; } = new(
        "DVS128 Gesture",
        "dvs-gesture",
        [new DatasetFile("trials_to_train.txt", ""), new DatasetFile("trials_to_test.txt", "")],
        ["DvsGesture"],
        [],
        [],
        "download DvsGesture.tar.gz from IBM (https://research.ibm.com/interactive/dvsgesture/) and unpack it; " +
        "the folder holds userNN_*.aedat, their _labels.csv and trials_to_train.txt.");

    public int Count => _segments.Length;

    public IReadOnlyList<GestureSegment> Segments => _segments;

    public static DvsGestureDataset Load(DatasetSplit split, DatasetOptions? options = null)
    {
        IReadOnlyList<string> markers = new DatasetLocator(options).Locate(Spec, ["trials_to_train.txt"]);
        return Open(Path.GetDirectoryName(markers[0])!, split);
    }

    /// <summary>Lists the gestures of the split's recordings in <paramref name="folder"/> (reads only the CSV files).</summary>
    /// <exception cref="DataFormatException">A labels CSV is malformed.</exception>
    public static DvsGestureDataset Open(string folder, DatasetSplit split)
    {
        if (split == DatasetSplit.Validation)
        {
            throw new ArgumentOutOfRangeException(nameof(split), split, "DVS Gesture has train and test splits only.");
        }
        var segments = new List<GestureSegment>();
        string[] recordings = Directory.GetFiles(folder, "user*.aedat");
        Array.Sort(recordings, StringComparer.Ordinal);
        foreach (string recording in recordings)
        {
            Match match = RecordingName().Match(Path.GetFileNameWithoutExtension(recording));
            if (!match.Success)
            {
                continue;
            }
            int user = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if ((split == DatasetSplit.Train) != (user <= LastTrainUser))
            {
                continue;
            }
            string labels = Path.ChangeExtension(recording, null) + "_labels.csv";
            if (!File.Exists(labels))
            {
                throw new FileNotFoundException($"DVS Gesture recording '{recording}' has no labels file '{labels}'.", labels);
            }
            foreach (GestureSpan span in GestureLabels.Read(labels))
            {
                segments.Add(new GestureSegment(recording, user, match.Groups[2].Value, span));
            }
        }
        return new DvsGestureDataset(segments.ToArray());
    }

    /// <summary>The gesture's events. The last recording parsed is kept, so consecutive gestures of one recording parse it once.</summary>
    /// <exception cref="DataFormatException">The recording is malformed.</exception>
    public Labeled<EventStream> Get(int index)
    {
        GestureSegment segment = _segments[index];
        EventStream recording = Recording(segment.Recording);
        long start = segment.Span.Start, end = segment.Span.End;
        EventStream gesture = recording.Where(i => recording.T[i] >= start && recording.T[i] < end);
        return new Labeled<EventStream>(gesture, segment.Span.Label);
    }

    private EventStream Recording(string path)
    {
        lock (_cacheGate)
        {
            if (_cached is { } cached && cached.Path == path)
            {
                return cached.Events;
            }
        }
        EventStream events = Aedat31Reader.Read(path, SensorSize.Dvs128);
        lock (_cacheGate)
        {
            _cached = (path, events);
        }
        return events;
    }

    [GeneratedRegex(@"^user(\d+)_(.+)$")]
    private static partial Regex RecordingName();
}
