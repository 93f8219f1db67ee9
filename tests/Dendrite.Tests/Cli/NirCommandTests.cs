using Dendrite.Cli.Commands;
using Dendrite.Interop;
using Dendrite.Interop.Nir;
using Dendrite.Interop.Numpy;
using Dendrite.Tensors;
using Dendrite.Tests.Interop;
using Dendrite.Tests.Interop.Hdf5;
using Dendrite.Tests.Interop.Nir;

namespace Dendrite.Tests.Cli;

public sealed class NirCommandTests
{
    private static void SaveNpy(string path, float[] values, params int[] shape) =>
        AtomicFile.Write(path, s => NpyFile.Write(s, NpyArray.FromTensor(Tensor.FromArray(values, shape))));

    private static double[] Read(IReadOnlyDictionary<string, NpyArray> npz, string name) =>
        npz[name].ToTensor().ToArray().Select(v => (double)v).ToArray();

    [Hdf5Fact]
    public void Run_on_a_nir_lif_graph_writes_the_hand_computed_euler_traces()
    {
        using var temp = new TempDirectory();
        NirFile.Write(temp.File("lif.nir"), NirHandGraphs.Lif());
        float[] x = [0.5f, 0.5f, 0.5f, 0.5f, 0f, 2f];
        SaveNpy(temp.File("x.npy"), x.SelectMany(v => new[] { v, v }).ToArray(), 6, 2);

        Assert.Equal(0, RunCommand.Run(temp.File("lif.nir"), temp.File("x.npy"), 1e-3, temp.File("y.npz"), NirConvention.SnnTorch, false, TextWriter.Null));

        var npz = NpzFile.Load(temp.File("y.npz"));
        Assert.Equal([6, 1, 2], npz["lif.v"].Shape);
        // Worked out in NirSimulatorTests: dt/τ = 0.2 (r·I = 5x) and 0.1 (leak 0.5, r·I = 2x, θ 0.7, reset 0.1).
        Assert.Equal([0.5, 0.15, 0.9, 0.285, 0, 0.4065, 0.5, 0.51585, 0.4, 0.514265, 0, 0.1], Read(npz, "lif.v"), new Tolerance(1e-6));
        Assert.Equal([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1], Read(npz, "output"));
        Assert.Throws<IOException>(() => RunCommand.Run(temp.File("lif.nir"), temp.File("x.npy"), 1e-3, temp.File("y.npz"), NirConvention.SnnTorch, false, TextWriter.Null));
    }

    [Hdf5Fact]
    public void Run_on_a_nir_cubalif_graph_writes_current_and_membrane_traces_for_a_batch()
    {
        using var temp = new TempDirectory();
        NirFile.Write(temp.File("cuba.nir"), NirHandGraphs.CubaLif());
        // Two samples [T, B, 1]: the hand-worked one and a silent one.
        float[] x = [1, 0, 1, 0, 0, 0, 0, 0, 1, 0];
        SaveNpy(temp.File("x.npy"), x, 5, 2, 1);

        RunCommand.Run(temp.File("cuba.nir"), temp.File("x.npy"), 1e-3, temp.File("y.npz"), NirConvention.SnnTorch, false, TextWriter.Null);

        var npz = NpzFile.Load(temp.File("y.npz"));
        Assert.Equal([1, 0, 1.5, 0, 0.75, 0, 0.375, 0, 1.1875, 0], Read(npz, "cuba.i"), new Tolerance(1e-6));
        Assert.Equal([1, 0, 0, 0, 0.75, 0, 0.9375, 0, 0, 0], Read(npz, "cuba.v"), new Tolerance(1e-6));
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 1, 0], Read(npz, "output"));
    }

    [Hdf5Fact]
    public void Import_export_and_run_agree_between_the_nir_file_and_the_run_folder()
    {
        using var temp = new TempDirectory();
        NirFile.Write(temp.File("cuba.nir"), NirHandGraphs.CubaLif());
        string folder = Path.Combine(temp.Path, "run");
        ImportCommand.Run(temp.File("cuba.nir"), 1e-3, folder, NirConvention.SnnTorch, false, TextWriter.Null);
        Assert.Throws<IOException>(() => ImportCommand.Run(temp.File("cuba.nir"), 1e-3, folder, NirConvention.SnnTorch, false, TextWriter.Null));
        SaveNpy(temp.File("x.npy"), [1, 1, 0, 0, 1], 5, 1);

        RunCommand.Run(folder, temp.File("x.npy"), 1e-3, temp.File("folder.npz"), NirConvention.SnnTorch, false, TextWriter.Null);
        ExportCommand.Run(folder, temp.File("again.nir"), 1e-3, gzip: true, force: false, TextWriter.Null);
        RunCommand.Run(temp.File("again.nir"), temp.File("x.npy"), 1e-3, temp.File("again.npz"), NirConvention.SnnTorch, false, TextWriter.Null);

        var fromFolder = NpzFile.Load(temp.File("folder.npz"));
        var fromNir = NpzFile.Load(temp.File("again.npz"));
        // The identity projection the import adds ahead of the neurons keeps the hand-worked trace.
        Assert.Equal([0, 1, 0, 0, 1], Read(fromFolder, "output"));
        Assert.Equal([1, 0, 0.75, 0.9375, 0], Read(fromFolder, "0.cubalif.v"), new Tolerance(1e-6));
        Assert.Equal([1, 1.5, 0.75, 0.375, 1.1875], Read(fromFolder, "0.cubalif.i"), new Tolerance(1e-6));
        Assert.Equal(Read(fromFolder, "output"), Read(fromNir, "output"));
        Assert.Equal(Read(fromFolder, "0.cubalif.v"), Read(fromNir, "cubalif0.v"), new Tolerance(1e-6));
    }

    [Hdf5Fact]
    public void Errors_name_the_node_and_the_file()
    {
        using var temp = new TempDirectory();
        NirGraph graph = NirHandGraphs.Lif();
        graph.Nodes["output"] = NirSamples.Port("Output", 3);
        var error = Assert.Throws<NirFormatException>(() => NirFile.Write(temp.File("bad.nir"), graph));
        Assert.Contains("'output'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lif'", error.Message, StringComparison.Ordinal);

        File.WriteAllText(temp.File("junk.nir"), "not hdf5");
        SaveNpy(temp.File("x.npy"), [1f], 1, 1);
        var junk = Assert.Throws<NirFormatException>(() => RunCommand.Run(temp.File("junk.nir"), temp.File("x.npy"), 1e-3, temp.File("y.npz"), NirConvention.SnnTorch, false, TextWriter.Null));
        Assert.Contains("junk.nir", junk.Message, StringComparison.Ordinal);

        NirFile.Write(temp.File("lif.nir"), NirHandGraphs.Lif());
        var shape = Assert.Throws<InvalidDataException>(() => RunCommand.Run(temp.File("lif.nir"), temp.File("x.npy"), 1e-3, temp.File("y.npz"), NirConvention.SnnTorch, false, TextWriter.Null));
        Assert.Contains("x.npy", shape.Message, StringComparison.Ordinal);
    }
}
