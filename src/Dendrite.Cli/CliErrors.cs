using Dendrite.Data;
using Dendrite.Interop;
using Dendrite.Training;
using Dendrite.Training.Config;

namespace Dendrite.Cli;

/// <summary>Turns the errors a user can cause into one clear line (several for config errors) and a non-zero exit code.</summary>
internal static class CliErrors
{
    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ConfigException error)
        {
            foreach (string line in error.Errors)
            {
                Console.Error.WriteLine($"error: {line}");
            }
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("interrupted: the last completed epoch's checkpoint is kept; continue with --resume.");
            return 130;
        }
        catch (Exception error) when (error is IOException or DatasetNotFoundException or TrainingDivergedException
            or ArgumentException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {error.Message}");
            return 1;
        }
    }
}
