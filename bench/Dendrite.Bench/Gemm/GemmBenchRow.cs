using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dendrite.Bench.Gemm;

/// <summary>One shape at one thread count: medians in GFLOP/s and the spread of the repeats.</summary>
public sealed record GemmBenchRow(GemmShape Shape, int Threads, Measurement Dendrite, Measurement? OpenBlas,
    Measurement? Naive, string? OpenBlasCoreType, string DendriteKernel)
{
    /// <summary>Dendrite's median over OpenBLAS's, from the same run.</summary>
    public double? Ratio => OpenBlas is null ? null : Dendrite.Median / OpenBlas.Median;

    public static string TableHeader =>
        $"{"threads",7} {"M",5} {"N",5} {"K",5} {"Dendrite",9} {"OpenBLAS",9} {"ratio",6} {"naive",7}   spread D/O";

    public string ToTableLine()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{Threads,7} {Shape.M,5} {Shape.N,5} {Shape.K,5} {Dendrite.Median,9:F1} ");
        line.Append(OpenBlas is null ? $"{"-",9} {"-",6} " : string.Create(CultureInfo.InvariantCulture, $"{OpenBlas.Median,9:F1} {Ratio,6:F2} "));
        line.Append(Naive is null ? $"{"-",7}" : string.Create(CultureInfo.InvariantCulture, $"{Naive.Median,7:F2}"));
        line.Append(CultureInfo.InvariantCulture, $"   {Dendrite.Spread,4:P0}/{(OpenBlas is null ? "-" : OpenBlas.Spread.ToString("P0", CultureInfo.InvariantCulture))}");
        return line.ToString();
    }

    public string ToJsonLine()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("m", Shape.M);
            json.WriteNumber("n", Shape.N);
            json.WriteNumber("k", Shape.K);
            json.WriteNumber("threads", Threads);
            json.WriteNumber("gflops", Math.Round(Dendrite.Median, 2));
            WriteOptional(json, "openblas_gflops", OpenBlas?.Median, 2);
            WriteOptional(json, "ratio", Ratio, 3);
            if (Naive is not null)
            {
                json.WriteNumber("naive_gflops", Math.Round(Naive.Median, 3));
            }
            json.WriteNumber("gflops_spread", Math.Round(Dendrite.Spread, 4));
            WriteOptional(json, "openblas_spread", OpenBlas?.Spread, 4);
            json.WriteNumber("repeats", Dendrite.Samples);
            if (OpenBlasCoreType is null)
            {
                json.WriteNull("openblas_coretype");
            }
            else
            {
                json.WriteString("openblas_coretype", OpenBlasCoreType);
            }
            json.WriteString("dendrite_kernel", DendriteKernel);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value, int digits)
    {
        if (value is double number)
        {
            json.WriteNumber(name, Math.Round(number, digits));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
