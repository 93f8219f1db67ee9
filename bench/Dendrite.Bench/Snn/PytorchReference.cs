using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace Dendrite.Bench.Snn;

/// <summary>
/// The PyTorch reference (bench/pytorch/*.py, copied beside the CLI as pytorch/) run as a child process, with the
/// environment set for OpenBLAS at its best: the core type matched to the CPU (SkylakeX on AVX-512; an inherited
/// OPENBLAS_CORETYPE=Haswell would hold it to AVX2) and the thread count equal to Dendrite's.
/// </summary>
/// <remarks>
/// On an oversubscribed machine (load average above the core count) OpenMP's spinning barriers collapse: scenario A
/// inference on 2 threads took 750–1350 ms with the default wait policy and 130–170 ms with OMP_WAIT_POLICY=PASSIVE under
/// load 39. So the child gets PASSIVE there and the default (spinning, best when the cores are free) otherwise, unless
/// the caller set OMP_WAIT_POLICY.
/// </remarks>
public sealed class PytorchReference
{
    public const string InstallHint = "install it with: sudo apt-get install python3-torch python3-numpy libopenblas0-openmp";

    private PytorchReference(string python) => Python = python;

    /// <summary>The interpreter that imports torch.</summary>
    public string Python { get; }

    public static string ScriptFolder => Path.Combine(AppContext.BaseDirectory, "pytorch");

    /// <summary>The first of python3 on PATH and /usr/bin/python3 that imports torch, or null (the reason goes to <paramref name="log"/>).</summary>
    public static PytorchReference? Find(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        foreach (string python in (string[])["python3", "/usr/bin/python3"])
        {
            try
            {
                using Process? probe = Process.Start(new ProcessStartInfo(python, ["-c", "import torch, numpy"])
                {
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                });
                if (probe is not null && probe.WaitForExit(TimeSpan.FromMinutes(3)) && probe.ExitCode == 0)
                {
                    return new PytorchReference(python);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }
        log.WriteLine($"PyTorch: not found (neither python3 nor /usr/bin/python3 imports torch and numpy); {InstallHint}. Dendrite numbers only.");
        return null;
    }

    /// <summary>Runs snn_bench.py on the jobs; returns (median wall ms, median CPU ms, peak MB) by job id. Its configuration lines go to <paramref name="log"/>.</summary>
    public Dictionary<int, (double MsMedian, double CpuMsMedian, double PeakMb)> RunJobs(IReadOnlyList<PytorchJob> jobs, string folder, int threads, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        string jobsFile = Path.Combine(folder, "jobs.json");
        // Each round writes its jobs afresh into the benchmark's own temporary folder.
        Dendrite.Interop.AtomicFile.WriteAllText(jobsFile, JsonSerializer.Serialize(jobs, PytorchJob.JsonOptions), overwrite: true);
        var results = new Dictionary<int, (double, double, double)>();
        Run("snn_bench.py", ["--jobs", jobsFile, "--threads", threads.ToString(CultureInfo.InvariantCulture)], threads, line =>
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.TryGetProperty("id", out JsonElement id))
            {
                results[id.GetInt32()] = (root.GetProperty("ms_median").GetDouble(), root.GetProperty("cpu_ms_median").GetDouble(),
                    root.GetProperty("peak_mb").GetDouble());
            }
            else
            {
                log.WriteLine($"PyTorch: {line}");
            }
        }, log);
        return results;
    }

    /// <summary>Whether the 1-minute load average exceeds the core count.</summary>
    public static bool Oversubscribed()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture) > Environment.ProcessorCount;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Runs a script with arguments; hands each stdout line to <paramref name="onLine"/>; returns the exit code.</summary>
    public int Run(string script, IEnumerable<string> arguments, int threads, Action<string> onLine, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        ArgumentNullException.ThrowIfNull(log);
        var start = new ProcessStartInfo(Python, [Path.Combine(ScriptFolder, script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (Avx512F.IsSupported)
        {
            start.Environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        }
        else
        {
            start.Environment.Remove("OPENBLAS_CORETYPE");
        }
        string count = threads.ToString(CultureInfo.InvariantCulture);
        start.Environment["OMP_NUM_THREADS"] = count;
        start.Environment["OPENBLAS_NUM_THREADS"] = count;
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && Oversubscribed())
        {
            start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        }
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine($"PyTorch stderr: {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            onLine(line);
        }
        process.WaitForExit();
        return process.ExitCode;
    }
}
