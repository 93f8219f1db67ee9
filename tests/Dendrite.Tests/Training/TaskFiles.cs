using Dendrite.Tests.Events;

namespace Dendrite.Tests.Training;

/// <summary>Tiny dataset files in each dataset's real layout, for end-to-end trainer tests.</summary>
internal static class TaskFiles
{
    /// <summary>Raw IDX files of Fashion-MNIST's names: <paramref name="count"/> 28×28 images per split, pixel (i, p) = (7i + p) mod 256.</summary>
    public static void WriteFashionMnist(string folder, int count)
    {
        foreach ((string images, string labels) in new[] { ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte") })
        {
            var image = new List<byte> { 0, 0, 8, 3 };
            image.AddRange(BigEndian(count));
            image.AddRange(BigEndian(28));
            image.AddRange(BigEndian(28));
            for (int i = 0; i < count; i++)
            {
                image.AddRange(Enumerable.Range(0, 784).Select(p => Pixel(i, p)));
            }
            File.WriteAllBytes(Path.Combine(folder, images), [.. image]);
            File.WriteAllBytes(Path.Combine(folder, labels), [0, 0, 8, 1, .. BigEndian(count), .. Enumerable.Range(0, count).Select(i => (byte)(i % 10))]);
        }
    }

    public static byte Pixel(int image, int pixel) => (byte)((7 * image + pixel) % 256);

    /// <summary>N-MNIST's Train/DIGIT/NNNNN.bin and Test/... layout: each sample one event (x 5, y 6, on) at 1.5 ms and one (x 1, y 2, off) at 2.2 ms.</summary>
    public static void WriteNmnist(string root, int perSplit)
    {
        foreach (string split in new[] { "Train", "Test" })
        {
            for (int i = 0; i < perSplit; i++)
            {
                string folder = Directory.CreateDirectory(Path.Combine(root, split, (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
                File.WriteAllBytes(Path.Combine(folder, $"{i:00000}.bin"), [.. NmnistReaderTests.Event(5, 6, 1, 1500), .. NmnistReaderTests.Event(1, 2, 0, 2200)]);
            }
        }
    }

    /// <summary>DVS Gesture: user01 (train) and user24 (test) recordings of two gestures each, with labels CSVs.</summary>
    public static void WriteDvsGesture(string folder)
    {
        byte[] recording = Aedat31ReaderTests.File(Aedat31ReaderTests.Packet(1, 0, 4,
            Aedat31ReaderTests.Polarity(10, 20, 1, 100), Aedat31ReaderTests.Polarity(11, 21, 0, 150),
            Aedat31ReaderTests.Polarity(12, 22, 1, 200), Aedat31ReaderTests.Polarity(13, 23, 1, 299)));
        foreach (string name in new[] { "user01_lab", "user24_lab" })
        {
            File.WriteAllBytes(Path.Combine(folder, name + ".aedat"), recording);
            File.WriteAllText(Path.Combine(folder, name + "_labels.csv"), "class,startTime_usec,endTime_usec\n3,100,200\n11,200,300\n");
        }
        File.WriteAllText(Path.Combine(folder, "trials_to_train.txt"), "user01_lab.aedat\n");
        File.WriteAllText(Path.Combine(folder, "trials_to_test.txt"), "user24_lab.aedat\n");
    }

    private static byte[] BigEndian(int value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
