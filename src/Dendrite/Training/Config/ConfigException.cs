namespace Dendrite.Training.Config;

/// <summary>
/// One or more config validation errors. Each line of <see cref="Exception.Message"/> reads
/// <c>file.yaml:LINE: key.path: what is wrong</c> (or <c>--set key=value: key.path: ...</c> for an
/// override), so a user can fix every problem in one pass.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>The individual error lines, in file order.</summary>
    public IReadOnlyList<string> Errors { get; }
}
