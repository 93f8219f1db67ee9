using Dendrite.Data;
using Dendrite.Events;
using Dendrite.Tests.Data;
using Xunit;
using static Dendrite.Tests.Events.Aedat31ReaderTests;

namespace Dendrite.Tests.Events;

public sealed class DvsGestureDatasetTests
{
    [Fact]
    public void SplitsByUserAndSlicesGesturesByTheirLabelledSpans()
    {
        using var dir = new TempDirectory();
        byte[] recording = File(Packet(1, 0, 5,
            Polarity(1, 1, 1, 100), Polarity(2, 2, 0, 199), Polarity(3, 3, 1, 200), Polarity(4, 4, 0, 299), Polarity(5, 5, 1, 300)));
        foreach (string name in new[] { "user01_fluorescent_led", "user23_lab", "user24_natural" })
        {
            System.IO.File.WriteAllBytes(dir.File(name + ".aedat"), recording);
            System.IO.File.WriteAllText(dir.File(name + "_labels.csv"), "class,startTime_usec,endTime_usec\n3,100,200\n11,200,300\n");
        }
        System.IO.File.WriteAllText(dir.File("trials_to_train.txt"), "user01_fluorescent_led.aedat\n");
        System.IO.File.WriteAllText(dir.File("trials_to_test.txt"), "user24_natural.aedat\n");

        DvsGestureDataset train = DvsGestureDataset.Open(dir.Path, DatasetSplit.Train);
        Assert.Equal(4, train.Count);
        Assert.Equal([1, 1, 23, 23], train.Segments.Select(s => s.User));
        Assert.Equal("fluorescent_led", train.Segments[0].Lighting);
        Labeled<EventStream> first = train.Get(0);
        Assert.Equal(2, first.Label); // class 3 → label 2
        Assert.Equal([100L, 199L], first.Value.T.ToArray()); // start ≤ t < end
        Labeled<EventStream> second = train.Get(1);
        Assert.Equal(10, second.Label);
        Assert.Equal([200L, 299L], second.Value.T.ToArray());

        DvsGestureDataset test = DvsGestureDataset.Load(DatasetSplit.Test, new DatasetOptions(dir.Path, Download: false));
        Assert.Equal([24, 24], test.Segments.Select(s => s.User));
        Assert.Equal("other gestures", DvsGestureDataset.ClassNames[10]);
    }

    [Fact]
    public void MalformedLabelFilesNameTheLine()
    {
        Assert.Equal("line 1", Assert.Throws<DataFormatException>(() => GestureLabels.Parse(["class;start;end"], "l.csv")).Field);
        Assert.Equal("line 3", Assert.Throws<DataFormatException>(() => GestureLabels.Parse(["class,startTime_usec,endTime_usec", "1,0,10", "12,10,20"], "l.csv")).Field);
        Assert.Equal("line 2", Assert.Throws<DataFormatException>(() => GestureLabels.Parse(["class,startTime_usec,endTime_usec", "1,x,10"], "l.csv")).Field);
        Assert.Equal("line 2", Assert.Throws<DataFormatException>(() => GestureLabels.Parse(["class,startTime_usec,endTime_usec", "1,10,10"], "l.csv")).Field);
    }
}
